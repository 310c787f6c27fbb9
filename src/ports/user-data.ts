/**
 * Every store that holds a user's data registers one of these; `delete_user` runs them all, in
 * order, before it removes the account itself (docs/compatibility.md#d11). A new store adds itself in the
 * runtime's wiring and nowhere else.
 */
export interface UserDataEraser {
  /** A short name for logs and error messages. */
  readonly name: string;
  /** The spec's message when this step fails (docs/api.md#delete-account). */
  readonly failureMessage: string;
  eraseUser(userId: string): Promise<void>;
}
