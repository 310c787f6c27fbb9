/** A message to one user only (docs/compatibility.md#d10): SNS with per-user targeting on AWS, an outbox locally. */
export interface Notification {
  userId: string;
  subject: string;
  message: string;
  /** Stable id of what is announced, so a re-delivered event never notifies twice. */
  dedupeKey: string;
}

export interface Notifier {
  /** Returns false when a notification with the same dedupeKey was already sent. */
  notify(n: Notification): Promise<boolean>;
}

/**
 * What a notifier remembers per user (the local outbox; the de-duplication markers on AWS), so
 * `delete_user` can erase it (docs/compatibility.md#d11). Both notifier adapters implement it.
 */
export interface NotificationLog {
  deleteForUser(userId: string): Promise<void>;
}
