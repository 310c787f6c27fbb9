import { receiptLlmFromConfig } from '../../../adapters/llm/from-config.js';
import { provider, type PortContext } from '../provider.js';

/**
 * An OpenAI-compatible endpoint when `LLM_BASE_URL` is set, else Gemini; the key of either is
 * read from Secrets Manager at cold start; no Gemini key → no LLM stage. Both clients are plain
 * `fetch` and a few KB, so they are built at cold start and send nothing until a receipt needs them.
 */
export default provider('receiptLlm', (ctx: Pick<PortContext, 'config'>) => receiptLlmFromConfig(ctx.config));
