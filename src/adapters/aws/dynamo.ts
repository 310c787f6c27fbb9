import { DependencyError } from '../../domain/errors.js';

/** Shared by the DynamoDB adapters: every SDK failure leaves them as `DependencyError('dynamodb')`. */
export async function ddb<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw err instanceof DependencyError ? err : new DependencyError('dynamodb', err);
  }
}

/**
 * Runs a write carrying a ConditionExpression: `true` if it was applied, `false` if its
 * condition did not hold; any other failure is a `DependencyError`.
 */
export async function conditional(call: () => Promise<unknown>): Promise<boolean> {
  try {
    await call();
    return true;
  } catch (err) {
    if ((err as { name?: string }).name === 'ConditionalCheckFailedException') return false;
    throw new DependencyError('dynamodb', err);
  }
}

/**
 * Items that share a table with user rows but are not users (email locks, login counters)
 * carry a `#` in their key; a user id (`user_<uuid>`) never does.
 */
export const isHelperKey = (key: string) => key.includes('#');
