import { emailKey } from '../../domain/email.js';
import { DependencyError, EmailTakenError } from '../../domain/errors.js';
import { systemClock, type Clock } from '../../ports/clock.js';
import type { UserRecord, Users } from '../../ports/users.js';
import type { DynamoDocs } from './client/dynamodb.js';
import { conditional, ddb, isHelperKey } from './dynamo.js';
import { HELPER_KEY } from './tables.js';
import { guardPort } from '../guard.js';

type Item = Record<string, unknown>;

export const EMAIL_INDEX = 'Email-index';

/** The key of the item that reserves an email (case-insensitively) for one account. */
export const emailLockKey = (email: string) => `EMAIL#${emailKey(email)}`;

/** A record as the original `Users` item (docs/data-model.md#users); absent optional attributes are omitted. */
export function userToItem(u: UserRecord): Item {
  return {
    UserID: u.userId,
    Email: u.email,
    Name: u.name,
    Password: u.passwordHash,
    CreatedOn: u.createdOn,
    CreatedAt: u.createdAt,
    ...(u.lastRetailInvoiceFetch ? { last_retail_invoice_fetch: u.lastRetailInvoiceFetch } : {}),
  };
}

export function itemToUser(item: Item): UserRecord {
  const s = (k: string) => (typeof item[k] === 'string' ? (item[k] as string) : '');
  return {
    userId: s('UserID'),
    email: s('Email'),
    name: s('Name'),
    passwordHash: s('Password'),
    createdOn: s('CreatedOn'),
    createdAt: s('CreatedAt'),
    ...(s('last_retail_invoice_fetch') ? { lastRetailInvoiceFetch: s('last_retail_invoice_fetch') } : {}),
  };
}

export interface DynamoUsersOptions {
  doc: DynamoDocs;
  table: string;
  /**
   * The helper table holding the email locks. Functions that only read accounts by id go
   * without it (and without its IAM grant); signing up, deleting and locks then throw.
   */
  helpers?: string;
  clock?: Clock;
  /**
   * A lock whose owner never got an account (its signup died between the two writes, e.g. a
   * Lambda timeout) is taken over after this long; younger ones may belong to a signup in flight.
   */
  staleLockSeconds?: number;
  /** Items per Scan page in `list()`; unset = DynamoDB's 1 MB pages. */
  scanPageSize?: number;
}

export interface DynamoUsers extends Users {
  /**
   * One-off, idempotent: gives every account that has no email lock (those the original backend
   * created) its lock, so that a new signup with the same email in another case is refused.
   * Without it only the exact stored spelling and its lower-case form are protected. Accounts
   * whose email is already locked by another account (case duplicates the original allowed)
   * are reported, never changed.
   */
  backfillEmailLocks(): Promise<{ locked: number; alreadyLocked: number; conflicts: { userId: string; heldBy: string }[] }>;
}

/**
 * Users on the original `Users` table, unchanged layout. docs/compatibility.md#d2 without transactions
 * (dynalite has none): a conditional put of an email-lock item in the helper table decides
 * concurrent signups; the `Email-index` covers accounts the original backend created without
 * locks. `Users` holds nothing but accounts, so the original's jobs that scan it see only users.
 * Helper items (`#` keys) an earlier release left there are skipped until `paypulse migrate
 * helpers` moves them.
 */
export function createDynamoUsers(opts: DynamoUsersOptions): DynamoUsers {
  const { doc, table: TableName } = opts;
  const clock = opts.clock ?? systemClock;
  const staleLockSeconds = opts.staleLockSeconds ?? 300;
  const owner = { '#owner': 'owner' }; // OWNER is a DynamoDB reserved word

  const getItem = async (key: string): Promise<Item | undefined> =>
    (await ddb(() => doc.get({ TableName, Key: { UserID: key }, ConsistentRead: true }))).Item;
  const helpers = () => {
    if (!opts.helpers) throw new Error('email locks need the helper table (config.tables.helpers)');
    return opts.helpers;
  };
  const getLock = async (lockKey: string): Promise<Item | undefined> =>
    (await ddb(() => doc.get({ TableName: helpers(), Key: { [HELPER_KEY]: lockKey }, ConsistentRead: true }))).Item;

  /** Accounts whose stored `Email` is exactly `email`, oldest first (legacy data may hold duplicates). */
  const queryByEmail = async (email: string): Promise<Item[]> => {
    const res = await ddb(() =>
      doc.query({
        TableName,
        IndexName: EMAIL_INDEX,
        KeyConditionExpression: 'Email = :e',
        ExpressionAttributeValues: { ':e': email },
      }),
    );
    const created = (i: Item) => `${String(i.CreatedOn ?? '')}T${String(i.CreatedAt ?? '')} ${String(i.UserID)}`;
    return (res.Items ?? []).filter((i) => !isHelperKey(String(i.UserID))).sort((a, b) => (created(a) < created(b) ? -1 : 1));
  };

  const putLock = (lockKey: string, ownerId: string) =>
    conditional(() =>
      doc.put({
        TableName: helpers(),
        Item: { [HELPER_KEY]: lockKey, owner: ownerId, locked_at_epoch: Math.floor(clock.now().getTime() / 1000) },
        ConditionExpression: `attribute_not_exists(${HELPER_KEY})`,
      }),
    );

  const releaseLock = (lockKey: string, ownerId: string) =>
    // Conditional on the owner, so a late compensation never frees someone else's reservation.
    conditional(() =>
      doc.delete({
        TableName: helpers(),
        Key: { [HELPER_KEY]: lockKey },
        ConditionExpression: '#owner = :owner',
        ExpressionAttributeNames: owner,
        ExpressionAttributeValues: { ':owner': ownerId },
      }),
    );

  const takeLock = async (lockKey: string, ownerId: string): Promise<boolean> => {
    if (await putLock(lockKey, ownerId)) return true;
    const lock = await getLock(lockKey);
    if (!lock) return putLock(lockKey, ownerId); // released in between
    const holder = String(lock.owner);
    if (await getItem(holder)) return false;
    const age = clock.now().getTime() / 1000 - Number(lock.locked_at_epoch ?? 0);
    if (age < staleLockSeconds) return false;
    await releaseLock(lockKey, holder);
    return putLock(lockKey, ownerId);
  };

  async function* scan(): AsyncGenerator<Item> {
    let start: Item | undefined;
    do {
      const page = await ddb(() =>
        doc.scan({
          TableName,
          ...(start ? { ExclusiveStartKey: start } : {}),
          ...(opts.scanPageSize ? { Limit: opts.scanPageSize } : {}),
        }),
      );
      for (const item of page.Items ?? []) if (!isHelperKey(String(item.UserID))) yield item;
      start = page.LastEvaluatedKey;
    } while (start);
  }

  return guardPort('users', {
    async create(user) {
      helpers(); // a configuration error, not a database failure
      const lockKey = emailLockKey(user.email);
      if (!(await takeLock(lockKey, user.userId))) throw new EmailTakenError();
      try {
        // The original backend wrote no locks: its accounts are found only through the index, by
        // the email as stored (most often as typed, or lower-cased).
        const variants = [...new Set([user.email, emailKey(user.email)])];
        for (const v of variants) {
          if ((await queryByEmail(v)).some((i) => i.UserID !== user.userId)) throw new EmailTakenError();
        }
        const put = await conditional(() =>
          doc.put({ TableName, Item: userToItem(user), ConditionExpression: 'attribute_not_exists(UserID)' }),
        );
        if (!put) throw new DependencyError('dynamodb', new Error('user id already exists'));
      } catch (err) {
        // Compensate so a retry can succeed; if even this fails, the lock goes stale and is taken over.
        await releaseLock(lockKey, user.userId).catch(() => undefined);
        throw err;
      }
    },

    async getById(userId) {
      if (isHelperKey(userId)) return undefined;
      const item = await getItem(userId);
      return item && itemToUser(item);
    },

    async getByEmail(email) {
      // DynamoDB key values hold at most 2048 bytes, so no stored account (lock or index entry)
      // can have a longer email; asking would only fail with a ValidationException.
      if (Buffer.byteLength(emailLockKey(email)) > 2048) return undefined;
      // Exact match first: legacy accounts keep their mixed-case Email and have no lock.
      const exact = await queryByEmail(email);
      if (exact[0]) return itemToUser(exact[0]);
      const lock = opts.helpers ? await getLock(emailLockKey(email)) : undefined;
      if (lock) {
        const item = await getItem(String(lock.owner));
        if (item) return itemToUser(item);
      }
      const lower = emailKey(email);
      if (lower === email) return undefined;
      const folded = await queryByEmail(lower);
      return folded[0] && itemToUser(folded[0]);
    },

    async setLastRetailInvoiceFetch(userId, iso) {
      if (isHelperKey(userId)) return;
      // The condition keeps an unknown id from creating a bare item (the original's update would).
      await conditional(() =>
        doc.update({
          TableName,
          Key: { UserID: userId },
          UpdateExpression: 'SET last_retail_invoice_fetch = :t',
          ConditionExpression: 'attribute_exists(UserID)',
          ExpressionAttributeValues: { ':t': iso },
        }),
      );
    },

    async *list() {
      for await (const item of scan()) yield itemToUser(item);
    },

    async delete(userId) {
      if (isHelperKey(userId)) return;
      helpers(); // a configuration error surfaces before anything is deleted
      const res = await ddb(() => doc.delete({ TableName, Key: { UserID: userId }, ReturnValues: 'ALL_OLD' }));
      // User first, lock second: a crash in between leaves a lock whose owner is gone, which
      // goes stale and is taken over, never an account without its lock.
      const email = res.Attributes?.Email;
      if (typeof email === 'string') await releaseLock(emailLockKey(email), userId);
    },

    async backfillEmailLocks() {
      const report = { locked: 0, alreadyLocked: 0, conflicts: [] as { userId: string; heldBy: string }[] };
      for await (const item of scan()) {
        if (typeof item.Email !== 'string') continue;
        const userId = String(item.UserID);
        const lockKey = emailLockKey(item.Email);
        if (await putLock(lockKey, userId)) report.locked += 1;
        else {
          const heldBy = String((await getLock(lockKey))?.owner);
          if (heldBy === userId) report.alreadyLocked += 1;
          else report.conflicts.push({ userId, heldBy });
        }
      }
      return report;
    },
  });
}
