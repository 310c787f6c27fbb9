import type { RetailSubtype } from '../domain/retail-subtypes.js';

/** A JSON-Schema-like description of the wanted answer (the subset Gemini's responseSchema accepts). */
export interface JsonSchemaLike {
  type: 'object' | 'array' | 'string' | 'number' | 'integer' | 'boolean';
  description?: string;
  nullable?: boolean;
  properties?: Record<string, JsonSchemaLike>;
  required?: string[];
  items?: JsonSchemaLike;
}

export interface ReceiptLlmRequest {
  subType: RetailSubtype;
  vendorName?: string;
  /** Already cleaned and redacted text: adapters send it as is. */
  prompt: string;
  schema: JsonSchemaLike;
}

/**
 * The language-model port of the extraction cascade. Returns the model's parsed JSON answer
 * (anything: the caller validates it) or throws on transport failure (rate limit, timeout).
 */
export interface ReceiptLlm {
  extract(req: ReceiptLlmRequest): Promise<unknown>;
}
