import assert from 'node:assert/strict';
import { errorReply, type FailureMessages } from '../../src/http/errors.js';

/**
 * An `assert.rejects` validator: the error answers exactly this status, code and message through
 * the API's error registry (with a route's own `failures` wording, if it has one).
 */
export function answers(expected: { status: number; code: string; message: string }, failures: FailureMessages = {}) {
  return (err: unknown): true => {
    const { status, code, message } = errorReply(err, failures);
    assert.deepEqual({ status, code, message }, expected);
    return true;
  };
}
