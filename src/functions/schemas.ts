/** Schemas more than one function documents or reads. */
import * as z from 'zod/mini';
import { RETAIL_SUBTYPES } from '../domain/retail-subtypes.js';
import { errors } from '../domain/errors.js';

/** The session the app decodes as `AuthResponse` (signup and login). */
export const sessionData = z.object({ username: z.string(), access_token: z.string(), token_type: z.literal('Bearer') });

/** One of the eight retail sub-types. */
export const retailSubtype = z.enum(RETAIL_SUBTYPES);

export const invalidSubtype = (s: string) =>
  errors.invalidRequest(`Invalid retail sub-type '${s}'. Valid options: ${RETAIL_SUBTYPES.join(', ')}`);
