import type { Mailbox } from '../../src/ports/mailbox.js';
import type { Objects, StoredObject } from '../../src/ports/objects.js';

/** Objects in a Map, for use-case tests. `failOn` makes chosen operations fail like an outage. */
export function memoryObjects(opts: { now?: () => Date; onCreated?: (key: string) => void } = {}) {
  const map = new Map<string, StoredObject>();
  const failOn = new Set<'put' | 'get' | 'exists' | 'delete' | 'deletePrefix'>();
  const check = (op: Parameters<typeof failOn.add>[0]) => {
    if (failOn.has(op)) throw new Error(`injected ${op} failure`);
  };
  const objects: Objects = {
    async put(key, body, contentType) {
      check('put');
      map.set(key, { body, lastModified: opts.now?.() ?? new Date(), ...(contentType ? { contentType } : {}) });
      opts.onCreated?.(key);
    },
    async get(key) {
      check('get');
      return map.get(key);
    },
    async exists(key) {
      check('exists');
      return map.has(key);
    },
    async delete(key) {
      check('delete');
      map.delete(key);
    },
    async deletePrefix(prefix) {
      check('deletePrefix');
      for (const k of [...map.keys()]) if (k.startsWith(prefix)) map.delete(k);
    },
  };
  return { objects, map, failOn };
}

/**
 * A mailbox of raw messages per user. Search understands the subset our retail queries use:
 * `from:` terms (any must match), `subject:"…"` terms (any must match) and `after:`/`before:`
 * dates compared with each message's receipt day; it records every query it was asked.
 */
export function memoryMailbox(messages: Record<string, { id: string; raw: string; from: string; subject: string; day: string }[]>) {
  const queries: string[] = [];
  const failFor = new Set<string>();
  const mailbox: Mailbox = {
    async search(userId, query) {
      queries.push(query);
      if (failFor.has(userId)) throw new Error('injected mailbox failure');
      const froms = [...query.matchAll(/from:(\S+?)(?=[\s)]|$)/g)].map((m) => m[1]!.toLowerCase());
      const subjects = [...query.matchAll(/subject:"([^"]*)"/g)].map((m) => m[1]!.toLowerCase());
      const after = /after:(\d{4}\/\d{2}\/\d{2})/.exec(query)?.[1]?.replaceAll('/', '-');
      const before = /before:(\d{4}\/\d{2}\/\d{2})/.exec(query)?.[1]?.replaceAll('/', '-');
      return (messages[userId] ?? [])
        .filter(
          (m) =>
            (froms.length === 0 || froms.includes(m.from.toLowerCase())) &&
            (subjects.length === 0 || subjects.some((s) => m.subject.toLowerCase().includes(s))) &&
            (!after || m.day >= after) &&
            (!before || m.day < before),
        )
        .map((m) => m.id);
    },
    async getRaw(userId, messageId) {
      const m = (messages[userId] ?? []).find((x) => x.id === messageId);
      if (!m) throw new Error('no such message');
      return new TextEncoder().encode(m.raw);
    },
  };
  return { mailbox, queries, failFor };
}
