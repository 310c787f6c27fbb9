import { openAiCompatibleFromConfig } from '../../../adapters/llm/openai-compatible.js';
import type { ReceiptLlm } from '../../../ports/receipt-llm.js';
import { provider, type PortContext } from '../provider.js';

/**
 * An OpenAI-compatible endpoint when `LLM_BASE_URL` is set, else Gemini; the key of either is
 * read from Secrets Manager at cold start; no Gemini key → no LLM stage. The Gemini client (about
 * 700 KB with its dependencies) is imported on the first LLM call, from its own chunk: most
 * receipts are read by the deterministic stages and never need it.
 */
export default provider('receiptLlm', (ctx: Pick<PortContext, 'config'>): ReceiptLlm | undefined => {
  if (ctx.config.llm.baseUrl) return openAiCompatibleFromConfig(ctx.config.llm);
  const cfg = ctx.config.gemini;
  if (!cfg.apiKey) return undefined;
  let gemini: Promise<ReceiptLlm | undefined> | undefined;
  return {
    async extract(req) {
      gemini ??= import('../../../adapters/google/gemini.js').then((m) => m.geminiFromConfig(cfg));
      const llm = await gemini;
      if (!llm) throw new Error('Gemini is not configured');
      return llm.extract(req);
    },
  };
});
