/**
 * A user's mailbox: Gmail (through the API, with the user's OAuth tokens) or, on the embedded
 * default, a folder of `.eml`/mbox files. Queries use Gmail search syntax (`from:`, `subject:`,
 * `after:`, `before:`, `OR`, parentheses).
 *
 * Token failures are the spec's typed errors (`AppError`): no tokens → 502 `GMAIL_TOKEN_EXPIRED`
 * `Error retrieving OAuth tokens`; revoked or expired grant → tokens removed and 502
 * `GMAIL_TOKEN_EXPIRED` `Gmail account needs to be re-connected`; stored tokens without a refresh
 * token → 400 `MISSING_FIELDS`; other refresh failures → 401 `INVALID_CREDENTIALS`
 * `OAuth token error`. Anything else (after retries) is a `DependencyError` naming the call,
 * which the API answers with 502 `DEPENDENCY_FAILURE` `Gmail API error`.
 */
export interface Mailbox {
  /** Ids of every matching message, all result pages, newest first. */
  search(userId: string, query: string): Promise<string[]>;
  /** The message as raw RFC 822 bytes. */
  getRaw(userId: string, messageId: string): Promise<Uint8Array>;
}
