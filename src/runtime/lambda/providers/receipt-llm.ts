import { geminiFromConfig } from '../../../adapters/google/gemini.js';
import { provider } from '../provider.js';

/** Gemini with the key read from Secrets Manager at cold start; absent key → no LLM stage. */
export default provider('receiptLlm', (ctx) => geminiFromConfig(ctx.config.gemini));
