import type { Config } from '../../config.js';
import type { ReceiptLlm } from '../../ports/receipt-llm.js';
import { geminiFromConfig } from '../google/gemini.js';
import { openAiCompatibleFromConfig } from './openai-compatible.js';

/** An OpenAI-compatible endpoint (e.g. a local model) when configured, else Gemini with a key, else none. */
export function receiptLlmFromConfig(config: Pick<Config, 'llm' | 'gemini'>): ReceiptLlm | undefined {
  return openAiCompatibleFromConfig(config.llm) ?? geminiFromConfig(config.gemini);
}
