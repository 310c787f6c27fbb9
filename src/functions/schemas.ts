/** Schemas more than one function documents or reads. */
import * as z from 'zod/mini';
import { RETAIL_SUBTYPES } from '../config.js';
import { errors } from '../domain/errors.js';

/** The session the app decodes as `AuthResponse` (signup and login). */
export const sessionData = z.object({ username: z.string(), access_token: z.string(), token_type: z.literal('Bearer') });

/** One of the eight retail sub-types. */
export const retailSubtype = z.enum(RETAIL_SUBTYPES);

/** The app's `RentalInvoice` model: every key required with this JSON type. */
export const rentalItem = z.object({
  InvoiceID: z.string(),
  Filename: z.string(),
  Hyra: z.int(),
  El: z.int(),
  Kallvatten: z.int(),
  Varmvatten: z.int(),
  'Total Amount': z.int(),
  due_date_month: z.string(),
  due_date_year: z.string(),
  'Due Date': z.string(),
  Moms: z.int(),
  OCR: z.string(),
});

export const invalidSubtype = (s: string) =>
  errors.invalidRequest(`Invalid retail sub-type '${s}'. Valid options: ${RETAIL_SUBTYPES.join(', ')}`);
