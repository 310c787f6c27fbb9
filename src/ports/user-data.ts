/**
 * Every store that holds a user's data registers one of these; `delete_user` runs them all, in
 * order, before it removes the account itself (DECISIONS D11). A new store adds itself in the
 * runtime's wiring and nowhere else.
 */
export interface UserDataEraser {
  /** A short name for logs and error messages. */
  readonly name: string;
  /** The spec's message when this step fails (API.md §3.2). */
  readonly failureMessage: string;
  eraseUser(userId: string): Promise<void>;
}
