/**
 * Small in-memory implementations of our own ports, for use-case unit tests only. They pass the
 * ports' contract suites (test/contract/memory-doubles.test.ts); the end-to-end tests use the
 * real local adapters.
 */
import { guardPort } from '../../src/adapters/guard.js';
import { checkObjectKey, checkObjectPrefix } from '../../src/domain/object-key.js';
import { parseGmailQuery } from '../../src/parsing/mail/gmail-query.js';
import { parseEmail } from '../../src/parsing/mail/email.js';
import type { Mailbox } from '../../src/ports/mailbox.js';
import type { Notification, NotificationLog, Notifier } from '../../src/ports/notifier.js';
import type { Objects, StoredObject } from '../../src/ports/objects.js';
import type { PutOutcome, RentalInvoices, RentalItem } from '../../src/ports/rental-invoices.js';
import type { ChangeRecord, ObjectCreatedEvent } from '../../src/runtime/function.js';

/** JSON with object keys sorted, so attribute order does not make two items differ. */
const canonical = (v: unknown): string =>
  JSON.stringify(v, (_k, x: unknown) =>
    x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : 1))) : x,
  );

export function memoryRentalInvoices(onChange?: (r: ChangeRecord) => void): RentalInvoices & { items: Map<string, RentalItem> } {
  const items = new Map<string, RentalItem>();
  const k = (u: string, i: string) => `${u}\u0000${i}`;
  let seq = 0;
  return {
    items,
    async put(item) {
      const old = items.get(k(item.UserID, item.InvoiceID));
      if (old && canonical(old) === canonical(item)) return 'unchanged' as PutOutcome;
      const month = (i: RentalItem) => i.due_date_year !== '' && i.due_date_month !== '' && `${i.due_date_year}-${i.due_date_month}`;
      const taken = [...items.values()].some((i) => i.UserID === item.UserID && i.InvoiceID !== item.InvoiceID && month(i) === month(item) && month(i));
      if (taken && !(old && month(old) === month(item))) return 'duplicate_month' as PutOutcome;
      items.set(k(item.UserID, item.InvoiceID), structuredClone(item));
      onChange?.({ eventId: `m${++seq}`, eventName: old ? 'MODIFY' : 'INSERT', table: 'rentalInvoices', newImage: structuredClone(item), ...(old ? { oldImage: old } : {}) });
      return old ? 'replaced' : 'inserted';
    },
    async get(u, i) {
      const it = items.get(k(u, i));
      return it && structuredClone(it);
    },
    async listForUser(u) {
      return [...items.values()].filter((i) => i.UserID === u).map((i) => structuredClone(i));
    },
    async existsForMonth(u, y, m) {
      return [...items.values()].some((i) => i.UserID === u && i.due_date_year === y && i.due_date_month === m);
    },
    async deleteForUser(u) {
      for (const [key, i] of items) if (i.UserID === u) items.delete(key);
    },
  };
}

export function memoryObjects(onCreated?: (e: ObjectCreatedEvent) => void): Objects & { store: Map<string, StoredObject>; puts: string[] } {
  const store = new Map<string, StoredObject>();
  const puts: string[] = [];
  // Guarded like the real adapters: a refused key surfaces as the same DependencyError.
  return guardPort<Objects & { store: Map<string, StoredObject>; puts: string[] }>('objects', {
    store,
    puts,
    async put(key, body, contentType) {
      checkObjectKey(key);
      store.set(key, { body: new Uint8Array(body), lastModified: new Date(), ...(contentType ? { contentType } : {}) });
      puts.push(key);
      onCreated?.({ bucket: 'mem', key, size: body.byteLength, eventTime: new Date().toISOString() });
    },
    async create(key, body, contentType) {
      checkObjectKey(key);
      if (store.has(key)) return false;
      await this.put(key, body, contentType);
      return true;
    },
    async get(key) {
      checkObjectKey(key);
      return store.get(key);
    },
    async exists(key) {
      checkObjectKey(key);
      return store.has(key);
    },
    async delete(key) {
      checkObjectKey(key);
      store.delete(key);
    },
    async deletePrefix(prefix) {
      checkObjectPrefix(prefix);
      for (const key of [...store.keys()]) if (key.startsWith(prefix)) store.delete(key);
    },
  });
}

export function memoryNotifier(): Notifier & NotificationLog & { sent: Notification[] } {
  const sent: Notification[] = [];
  return {
    sent,
    async notify(n) {
      if (!n.userId || !n.dedupeKey) throw new Error('a notification needs a user and a dedupe key');
      if (sent.some((s) => s.userId === n.userId && s.dedupeKey === n.dedupeKey)) return false;
      sent.push(n);
      return true;
    },
    async deleteForUser(userId) {
      for (let i = sent.length - 1; i >= 0; i--) if (sent[i]!.userId === userId) sent.splice(i, 1);
    },
  };
}

/** Messages per user as raw RFC 822 text; ids are their positions. Counts calls like Gmail's quota would. */
export function memoryMailbox(byUser: Record<string, (string | Uint8Array)[]>, opts: { fail?: (userId: string) => Error | undefined } = {}): Mailbox & { calls: { search: number; get: number } } {
  const calls = { search: 0, get: 0 };
  return guardPort<Mailbox & { calls: { search: number; get: number } }>('mailbox', {
    calls,
    async search(userId, query) {
      calls.search++;
      const err = opts.fail?.(userId);
      if (err) throw err;
      const q = parseGmailQuery(query);
      const msgs = byUser[userId] ?? [];
      const hits: { id: string; date: number }[] = [];
      for (const [i, raw] of msgs.entries()) {
        const e = await parseEmail(raw);
        const date = e.date ? new Date(e.date.instant) : undefined;
        if (q.matches({ from: `${e.fromName} <${e.from}>`, subject: e.subject, date })) hits.push({ id: `m${i}`, date: date?.getTime() ?? 0 });
      }
      return hits.sort((a, b) => b.date - a.date).map((h) => h.id);
    },
    async getRaw(userId, id) {
      calls.get++;
      const raw = /^m\d+$/.test(id) ? byUser[userId]?.[Number(id.slice(1))] : undefined;
      if (raw === undefined) throw new Error('no such message');
      return typeof raw === 'string' ? new TextEncoder().encode(raw) : raw;
    },
  });
}
