/**
 * The subset of Gmail search syntax PayPulse builds (docs/flows.md#gmail-queries): `from:`, `subject:` (bare word or
 * quoted phrase, or a parenthesised group such as `from:(a OR b)`), `after:`/`before:` (and their
 * aliases `newer:`/`older:`), implicit AND, `AND`, `OR` (upper case, as in Gmail), `-` negation and
 * parentheses. Shared by the folder mailbox and the fake Gmail server so both answer like Gmail.
 *
 * Matching is a case-insensitive substring test on the decoded header (Gmail itself is
 * word-based; for the sender addresses and subject phrases we build, the results agree).
 * Bare words without an operator are looked up in From and Subject only: bodies are not indexed.
 */

export class GmailQueryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GmailQueryError';
  }
}

/** What a query is matched against: decoded From (`Name <address>`), decoded Subject, the message date. */
export interface QueryTarget {
  from: string;
  subject: string;
  /** The message's date (Gmail: internal date). Without one, date terms never match. */
  date?: Date | undefined;
}

type Field = 'from' | 'subject' | 'text';
export type QueryNode =
  | { kind: 'and'; items: QueryNode[] }
  | { kind: 'or'; items: QueryNode[] }
  | { kind: 'not'; item: QueryNode }
  | { kind: 'term'; field: Field; value: string }
  | { kind: 'date'; bound: 'after' | 'before'; at: number };

export interface GmailQuery {
  readonly source: string;
  readonly root: QueryNode;
  matches(target: QueryTarget): boolean;
}

export interface QueryOptions {
  /**
   * Time zone in which `YYYY/MM/DD` dates start. Gmail's API guide: "All dates used in the search
   * query are interpreted as midnight on that date in the PST timezone."
   */
  timeZone?: string;
}

export const GMAIL_QUERY_TIME_ZONE = 'America/Los_Angeles';

const FIELDS: Record<string, Field | 'after' | 'before'> = {
  from: 'from',
  subject: 'subject',
  after: 'after',
  newer: 'after',
  before: 'before',
  older: 'before',
};
/** Real Gmail operators we do not implement: refusing them beats silently matching nothing. */
const UNSUPPORTED = new Set([
  'to', 'cc', 'bcc', 'label', 'has', 'in', 'is', 'filename', 'newer_than', 'older_than', 'category',
  'larger', 'smaller', 'size', 'list', 'deliveredto', 'rfc822msgid', 'around',
]);

type Token =
  | { t: '(' | ')' | 'OR' | 'AND' | '-' }
  | { t: 'word'; v: string; quoted: boolean }
  | { t: 'op'; name: string };

function tokenize(q: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  const readPhrase = (): string => {
    // i is at the opening quote; an unterminated phrase runs to the end of the query.
    const end = q.indexOf('"', i + 1);
    const v = q.slice(i + 1, end === -1 ? q.length : end);
    i = end === -1 ? q.length : end + 1;
    return v;
  };
  while (i < q.length) {
    const c = q[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '(' || c === ')') {
      out.push({ t: c });
      i++;
    } else if (c === '"') {
      out.push({ t: 'word', v: readPhrase(), quoted: true });
    } else if (c === '-' && i + 1 < q.length && !/[\s)]/.test(q[i + 1]!) && (i === 0 || /[\s(]/.test(q[i - 1]!))) {
      out.push({ t: '-' });
      i++;
    } else {
      let j = i;
      while (j < q.length && !/[\s()"]/.test(q[j]!)) j++;
      const word = q.slice(i, j);
      i = j;
      const colon = word.indexOf(':');
      const name = colon > 0 ? word.slice(0, colon).toLowerCase() : '';
      if (colon > 0 && (name in FIELDS || UNSUPPORTED.has(name))) {
        if (UNSUPPORTED.has(name)) throw new GmailQueryError(`unsupported search operator '${name}:'`);
        out.push({ t: 'op', name });
        const rest = word.slice(colon + 1);
        if (rest) out.push({ t: 'word', v: rest, quoted: false });
        else if (q[i] === '"') out.push({ t: 'word', v: readPhrase(), quoted: true });
        else if (q[i] !== '(') throw new GmailQueryError(`operator '${name}:' has no value`);
      } else if (word === 'OR' || word === 'AND') {
        out.push({ t: word });
      } else {
        out.push({ t: 'word', v: word, quoted: false });
      }
    }
  }
  return out;
}

/** Midnight of a calendar day in a time zone, as epoch milliseconds. */
function zonedMidnight(year: number, month: number, day: number, timeZone: string): number {
  const fmt = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
  const offsetAt = (t: number) => {
    const p = Object.fromEntries(fmt.formatToParts(new Date(t)).map((x) => [x.type, x.value]));
    const asUtc = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
    return asUtc - Math.floor(t / 1000) * 1000;
  };
  const guess = Date.UTC(year, month - 1, day);
  // Two passes settle the offset even when a DST change lies between the guess and the answer.
  let t = guess - offsetAt(guess);
  t = guess - offsetAt(t);
  return t;
}

function parseDateValue(v: string, timeZone: string): number {
  if (/^\d{9,11}$/.test(v)) return Number(v) * 1000; // epoch seconds, as Gmail accepts
  const m = /^(\d{4})[/-](\d{1,2})[/-](\d{1,2})$/.exec(v);
  if (!m) throw new GmailQueryError(`invalid date '${v}' (expected YYYY/MM/DD)`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const probe = new Date(Date.UTC(y, mo - 1, d));
  if (probe.getUTCFullYear() !== y || probe.getUTCMonth() !== mo - 1 || probe.getUTCDate() !== d) {
    throw new GmailQueryError(`invalid date '${v}'`);
  }
  return zonedMidnight(y, mo, d, timeZone);
}

class Parser {
  private pos = 0;
  constructor(private readonly tokens: Token[], private readonly timeZone: string) {}

  parse(): QueryNode {
    const node = this.or(undefined);
    if (this.pos < this.tokens.length) throw new GmailQueryError("unbalanced ')'");
    return node;
  }

  private peek() {
    return this.tokens[this.pos];
  }

  private or(field: Field | 'after' | 'before' | undefined): QueryNode {
    const items = [this.and(field)];
    while (this.peek()?.t === 'OR') {
      this.pos++;
      items.push(this.and(field));
    }
    return items.length === 1 ? items[0]! : { kind: 'or', items };
  }

  private and(field: Field | 'after' | 'before' | undefined): QueryNode {
    const items: QueryNode[] = [];
    for (;;) {
      const tok = this.peek();
      if (!tok || tok.t === ')' || tok.t === 'OR') break;
      if (tok.t === 'AND') {
        this.pos++;
        continue;
      }
      items.push(this.unary(field));
    }
    if (items.length === 0) throw new GmailQueryError('empty expression');
    return items.length === 1 ? items[0]! : { kind: 'and', items };
  }

  private unary(field: Field | 'after' | 'before' | undefined): QueryNode {
    if (this.peek()?.t === '-') {
      this.pos++;
      return { kind: 'not', item: this.unary(field) };
    }
    return this.primary(field);
  }

  private primary(field: Field | 'after' | 'before' | undefined): QueryNode {
    const tok = this.tokens[this.pos++];
    if (!tok) throw new GmailQueryError('unexpected end of query');
    if (tok.t === '(') {
      const inner = this.or(field);
      if (this.tokens[this.pos]?.t !== ')') throw new GmailQueryError("missing ')'");
      this.pos++;
      return inner;
    }
    if (tok.t === 'op') {
      const f = FIELDS[tok.name]!;
      const next = this.peek();
      // `from:(a OR b)`: the operator applies to every value inside the group.
      if (next?.t === '(') return this.primary(f);
      this.pos++;
      if (next?.t !== 'word') throw new GmailQueryError(`operator '${tok.name}:' has no value`);
      return this.leaf(f, next.v);
    }
    if (tok.t === 'word') return this.leaf(field ?? 'text', tok.v);
    throw new GmailQueryError(`unexpected '${tok.t}'`);
  }

  private leaf(field: Field | 'after' | 'before', value: string): QueryNode {
    if (field === 'after' || field === 'before') {
      return { kind: 'date', bound: field, at: parseDateValue(value, this.timeZone) };
    }
    return { kind: 'term', field, value: value.toLowerCase() };
  }
}

function evaluate(node: QueryNode, t: { from: string; subject: string; date?: number }): boolean {
  switch (node.kind) {
    case 'and':
      return node.items.every((n) => evaluate(n, t));
    case 'or':
      return node.items.some((n) => evaluate(n, t));
    case 'not':
      return !evaluate(node.item, t);
    case 'date':
      if (t.date === undefined) return false;
      // Day-granular bounds: after: includes its day, before: excludes its day.
      return node.bound === 'after' ? t.date >= node.at : t.date < node.at;
    case 'term':
      if (node.field === 'from') return t.from.includes(node.value);
      if (node.field === 'subject') return t.subject.includes(node.value);
      return t.from.includes(node.value) || t.subject.includes(node.value);
  }
}

/** Parses a query; throws `GmailQueryError` with a clear reason for anything outside the subset. */
export function parseGmailQuery(source: string, opts: QueryOptions = {}): GmailQuery {
  const tokens = tokenize(source);
  // An empty query matches everything, as in Gmail.
  const root: QueryNode = tokens.length === 0 ? { kind: 'and', items: [] } : new Parser(tokens, opts.timeZone ?? GMAIL_QUERY_TIME_ZONE).parse();
  return {
    source,
    root,
    matches(target) {
      const time = target.date?.getTime();
      return evaluate(root, {
        from: target.from.toLowerCase(),
        subject: target.subject.toLowerCase(),
        ...(time !== undefined && !Number.isNaN(time) ? { date: time } : {}),
      });
    },
  };
}

/** One-shot convenience: parse (or reuse) a query and test one message. */
export function matches(query: string | GmailQuery, target: QueryTarget, opts?: QueryOptions): boolean {
  return (typeof query === 'string' ? parseGmailQuery(query, opts) : query).matches(target);
}
