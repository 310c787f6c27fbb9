/** A PayPulse account, with the original `Users` attribute names kept by the adapters. */
export interface UserRecord {
  userId: string;
  /** As typed at signup (the original matched it case-sensitively; we compare case-insensitively). */
  email: string;
  name: string;
  passwordHash: string;
  /** `YYYY-MM-DD`, UTC. */
  createdOn: string;
  /** `HH:MM:SS.ffffff`, UTC. */
  createdAt: string;
  /** ISO 8601 UTC with offset; absent until the first retail fetch. */
  lastRetailInvoiceFetch?: string;
}

export interface Users {
  /** Creates the account; throws `EmailTakenError` if the email (case-insensitively) exists, atomically. */
  create(user: UserRecord): Promise<void>;
  getById(userId: string): Promise<UserRecord | undefined>;
  /** Case-insensitive; also finds accounts created by the original backend with mixed-case emails. */
  getByEmail(email: string): Promise<UserRecord | undefined>;
  setLastRetailInvoiceFetch(userId: string, iso: string): Promise<void>;
  /** Every account, every page (for the scheduled fan-outs). */
  list(): AsyncIterable<UserRecord>;
  delete(userId: string): Promise<void>;
}
