/**
 * A fake Google on 127.0.0.1 speaking the protocol subset PayPulse uses, so the real clients
 * (`@googleapis/gmail`, `google-auth-library`, fetch in identity.ts) run unchanged against it:
 *
 *   GET  /gmail/v1/users/{me|email}/messages                 list (q, maxResults, pageToken)
 *   GET  /gmail/v1/users/{me|email}/messages/{id}            get (format=raw|full|metadata|minimal)
 *   GET  /gmail/v1/users/{me|email}/messages/{id}/attachments/{attachmentId}
 *   POST /token                                              refresh_token grant
 *   GET  /oauth2/v3/userinfo                                 Bearer → {sub, email, email_verified, name}
 *   POST /revoke                                             token=…
 *
 * Programmable: accounts, access/refresh tokens, mailboxes of raw messages, latency, faults;
 * observable: call counts, call log with timings, maximum concurrency.
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseGmailQuery, GmailQueryError } from '../../../src/parsing/mail/gmail-query.js';
import { parseSearchHeaders } from '../../../src/parsing/mail/email.js';
import { buildPayload, type GmailPart } from './mime-tree.js';
import { createGeminiEndpoint, GEMINI_PATH } from '../gemini.js';

export type Endpoint = 'gmail.list' | 'gmail.get' | 'gmail.attachment' | 'oauth.token' | 'oauth.userinfo' | 'oauth.revoke' | 'gemini.generate';
export const ENDPOINTS: Endpoint[] = ['gmail.list', 'gmail.get', 'gmail.attachment', 'oauth.token', 'oauth.userinfo', 'oauth.revoke', 'gemini.generate'];

export type Fault =
  /** 429 RESOURCE_EXHAUSTED (reason rateLimitExceeded) with `Retry-After: <seconds>` when given. */
  | { kind: 'rate-limit-429'; retryAfterSeconds?: number }
  /** 403 with reason userRateLimitExceeded (Gmail's per-user limit). */
  | { kind: 'user-rate-limit-403' }
  | { kind: 'server-error-500' }
  | { kind: 'unavailable-503' }
  /** Accepts the request and never answers (until the client gives up or the server stops). */
  | { kind: 'hang' };

export type RefreshBehaviour = 'ok' | 'invalid_grant' | 'invalid_client' | 'server-error-500';

export interface FakeAccount {
  sub: string;
  email: string;
  name: string;
  emailVerified: boolean;
}

interface StoredMessage {
  id: string;
  threadId: string;
  raw: Uint8Array;
  from: string;
  subject: string;
  internalDate: number;
  labelIds: string[];
}

export interface CallRecord {
  endpoint: Endpoint;
  start: number;
  end?: number;
  status?: number;
}

const GMAIL_PREFIX = '/gmail/v1/users/';

export interface FakeGoogleOptions {
  /** Default latency added to every call, ms. */
  latencyMs?: number;
  host?: string;
  port?: number;
}

export class FakeGoogle {
  private server!: http.Server;
  private readonly accounts = new Map<string, FakeAccount>();
  private readonly accessTokens = new Map<string, { sub: string; expiresAt: number }>();
  private readonly refreshTokens = new Map<string, { sub: string; behaviour: RefreshBehaviour; rotate: boolean }>();
  private readonly mailboxes = new Map<string, StoredMessage[]>();
  private readonly faults = new Map<Endpoint, { fault: Fault; remaining: number }[]>();
  private readonly latency = new Map<Endpoint | '*', number>();
  private readonly hanging = new Set<http.ServerResponse>();
  private readonly inFlightBy = new Map<Endpoint, number>();
  private inFlightTotal = 0;
  private maxInFlightTotal = 0;
  private readonly maxInFlightBy = new Map<Endpoint, number>();
  private nextId = 0x18c0_0000_0000_0000n;
  /** Every call, in arrival order. */
  readonly calls: CallRecord[] = [];
  /** Gemini `generateContent` (any API key): program it with `gemini.setMode`, read `gemini.requests`. */
  readonly gemini = createGeminiEndpoint();
  /** Tokens revoked through /revoke. */
  readonly revoked: string[] = [];
  url = '';

  private constructor(opts: FakeGoogleOptions) {
    if (opts.latencyMs) this.latency.set('*', opts.latencyMs);
  }

  static async start(opts: FakeGoogleOptions = {}): Promise<FakeGoogle> {
    const fake = new FakeGoogle(opts);
    fake.server = http.createServer((req, res) => void fake.handle(req, res));
    await new Promise<void>((resolve, reject) => {
      fake.server.once('error', reject);
      fake.server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
    });
    const addr = fake.server.address() as AddressInfo;
    fake.url = `http://${addr.address}:${addr.port}`;
    return fake;
  }

  async stop(): Promise<void> {
    this.gemini.stop();
    for (const res of this.hanging) res.destroy();
    this.hanging.clear();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** The configuration a PayPulse process needs to talk to this fake (same names as `src/config.ts` reads). */
  env(): Record<string, string> {
    return {
      GOOGLE_GMAIL_ROOT_URL: `${this.url}/`,
      GOOGLE_TOKEN_URL: `${this.url}/token`,
      GOOGLE_USERINFO_URL: `${this.url}/oauth2/v3/userinfo`,
      GOOGLE_REVOKE_URL: `${this.url}/revoke`,
      GEMINI_BASE_URL: this.url,
    };
  }

  // ---- programming ----------------------------------------------------------------------------

  addAccount(a: { email: string; name?: string; sub?: string; emailVerified?: boolean }): FakeAccount {
    const account: FakeAccount = {
      sub: a.sub ?? String(100_000_000_000_000_000_000n + BigInt(this.accounts.size + 1)),
      email: a.email,
      name: a.name ?? a.email.split('@')[0]!,
      emailVerified: a.emailVerified ?? true,
    };
    this.accounts.set(account.sub, account);
    this.mailboxes.set(account.sub, this.mailboxes.get(account.sub) ?? []);
    return account;
  }

  /** A valid access token for the account; `expiresInSeconds` counts from now (real time). */
  issueAccessToken(sub: string, opts: { token?: string; expiresInSeconds?: number } = {}): string {
    this.account(sub);
    const token = opts.token ?? `ya29.fake-${randomBytes(12).toString('base64url')}`;
    this.accessTokens.set(token, { sub, expiresAt: Date.now() + (opts.expiresInSeconds ?? 3599) * 1000 });
    return token;
  }

  /** A refresh token; `rotate` makes each refresh answer with a new refresh token too. */
  addRefreshToken(sub: string, opts: { token?: string; behaviour?: RefreshBehaviour; rotate?: boolean } = {}): string {
    this.account(sub);
    const token = opts.token ?? `1//fake-${randomBytes(16).toString('base64url')}`;
    this.refreshTokens.set(token, { sub, behaviour: opts.behaviour ?? 'ok', rotate: opts.rotate ?? false });
    return token;
  }

  setRefreshBehaviour(token: string, behaviour: RefreshBehaviour): void {
    const rt = this.refreshTokens.get(token);
    if (!rt) throw new Error('unknown refresh token');
    rt.behaviour = behaviour;
  }

  /** Adds one raw RFC 822 message; internal date = the Date header, else now. Returns its id. */
  async addMessage(sub: string, raw: Uint8Array | string, opts: { id?: string; internalDate?: Date; labelIds?: string[] } = {}): Promise<string> {
    const box = this.mailboxes.get(this.account(sub).sub)!;
    const bytes = typeof raw === 'string' ? new Uint8Array(Buffer.from(raw, 'utf8')) : raw;
    const h = await parseSearchHeaders(bytes).catch(() => ({ from: '', subject: '', date: undefined }));
    const id = opts.id ?? (this.nextId++).toString(16);
    box.push({
      id,
      threadId: id,
      raw: bytes,
      from: h.from,
      subject: h.subject,
      internalDate: (opts.internalDate ?? h.date ?? new Date()).getTime(),
      labelIds: opts.labelIds ?? ['INBOX'],
    });
    return id;
  }

  async addMessages(sub: string, raws: (Uint8Array | string)[]): Promise<string[]> {
    const ids: string[] = [];
    for (const r of raws) ids.push(await this.addMessage(sub, r));
    return ids;
  }

  /** Latency in ms for one endpoint, or for all (`'*'`). */
  setLatency(endpoint: Endpoint | '*', ms: number): void {
    this.latency.set(endpoint, ms);
  }

  /** The next `times` calls to `endpoint` fail with `fault` (queued faults apply in order). */
  inject(endpoint: Endpoint, fault: Fault, times = 1): void {
    const q = this.faults.get(endpoint) ?? [];
    q.push({ fault, remaining: times });
    this.faults.set(endpoint, q);
  }

  clearFaults(): void {
    this.faults.clear();
  }

  // ---- observation ----------------------------------------------------------------------------

  count(endpoint: Endpoint): number {
    return this.calls.filter((c) => c.endpoint === endpoint).length;
  }

  /** Highest number of simultaneous calls seen (for one endpoint, or across all). */
  maxConcurrency(endpoint?: Endpoint): number {
    return endpoint ? (this.maxInFlightBy.get(endpoint) ?? 0) : this.maxInFlightTotal;
  }

  /** Most calls to the given endpoints that started within any window of `windowMs`. */
  maxCallsInWindow(endpoints: Endpoint[], windowMs = 1000): number {
    const starts = this.calls.filter((c) => endpoints.includes(c.endpoint)).map((c) => c.start).sort((a, b) => a - b);
    let best = 0;
    let lo = 0;
    for (let hi = 0; hi < starts.length; hi++) {
      while (starts[hi]! - starts[lo]! >= windowMs) lo++;
      best = Math.max(best, hi - lo + 1);
    }
    return best;
  }

  resetCounters(): void {
    this.calls.length = 0;
    this.maxInFlightTotal = this.inFlightTotal;
    this.maxInFlightBy.clear();
  }

  isAccessTokenValid(token: string): boolean {
    const t = this.accessTokens.get(token);
    return !!t && t.expiresAt > Date.now();
  }

  // ---- HTTP -----------------------------------------------------------------------------------

  private account(sub: string): FakeAccount {
    const a = this.accounts.get(sub);
    if (!a) throw new Error(`unknown account ${sub}`);
    return a;
  }

  private route(method: string, pathname: string): Endpoint | undefined {
    if (method === 'POST' && pathname === '/token') return 'oauth.token';
    if (method === 'POST' && pathname === '/revoke') return 'oauth.revoke';
    if (method === 'GET' && pathname === '/oauth2/v3/userinfo') return 'oauth.userinfo';
    if (method === 'POST' && GEMINI_PATH.test(pathname)) return 'gemini.generate';
    if (method === 'GET' && pathname.startsWith(GMAIL_PREFIX)) {
      const rest = pathname.slice(GMAIL_PREFIX.length).split('/');
      if (rest.length === 2 && rest[1] === 'messages') return 'gmail.list';
      if (rest.length === 3 && rest[1] === 'messages') return 'gmail.get';
      if (rest.length === 5 && rest[1] === 'messages' && rest[3] === 'attachments') return 'gmail.attachment';
    }
    return undefined;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const endpoint = this.route(req.method ?? 'GET', url.pathname);
    if (!endpoint) return send(res, 404, { error: { code: 404, message: 'Not Found', status: 'NOT_FOUND' } });
    const record: CallRecord = { endpoint, start: Date.now() };
    this.calls.push(record);
    this.inFlightTotal++;
    this.inFlightBy.set(endpoint, (this.inFlightBy.get(endpoint) ?? 0) + 1);
    this.maxInFlightTotal = Math.max(this.maxInFlightTotal, this.inFlightTotal);
    this.maxInFlightBy.set(endpoint, Math.max(this.maxInFlightBy.get(endpoint) ?? 0, this.inFlightBy.get(endpoint)!));
    const done = () => {
      if (record.end !== undefined) return;
      record.end = Date.now();
      record.status = res.statusCode;
      this.inFlightTotal--;
      this.inFlightBy.set(endpoint, this.inFlightBy.get(endpoint)! - 1);
    };
    res.on('close', done);
    try {
      const body = req.method === 'POST' ? await readBody(req) : '';
      const delay = this.latency.get(endpoint) ?? this.latency.get('*') ?? 0;
      if (delay > 0) await new Promise((r) => setTimeout(r, delay));
      if (this.applyFault(endpoint, res)) return;
      switch (endpoint) {
        case 'oauth.token':
          return this.token(res, new URLSearchParams(body));
        case 'oauth.revoke':
          return this.revoke(res, new URLSearchParams(body), url);
        case 'oauth.userinfo':
          return this.userinfo(req, res);
        case 'gemini.generate':
          this.gemini.handle(req, res, body);
          return;
        default:
          return await this.gmail(endpoint, req, res, url);
      }
    } catch (err) {
      send(res, 500, { error: { code: 500, message: `fake failure: ${(err as Error).message}`, status: 'INTERNAL' } });
    }
  }

  private applyFault(endpoint: Endpoint, res: http.ServerResponse): boolean {
    const q = this.faults.get(endpoint);
    const head = q?.[0];
    if (!head) return false;
    if (--head.remaining <= 0) q.shift();
    const f = head.fault;
    switch (f.kind) {
      case 'hang':
        this.hanging.add(res);
        res.on('close', () => this.hanging.delete(res));
        return true;
      case 'rate-limit-429':
        send(res, 429, gmailError(429, 'Resource has been exhausted (e.g. check quota).', 'rateLimitExceeded', 'RESOURCE_EXHAUSTED'),
          f.retryAfterSeconds !== undefined ? { 'Retry-After': String(f.retryAfterSeconds) } : {});
        return true;
      case 'user-rate-limit-403':
        send(res, 403, gmailError(403, 'User-rate limit exceeded.', 'userRateLimitExceeded', 'PERMISSION_DENIED', 'usageLimits'));
        return true;
      case 'server-error-500':
        send(res, 500, gmailError(500, 'Internal error encountered.', 'backendError', 'INTERNAL'));
        return true;
      case 'unavailable-503':
        send(res, 503, gmailError(503, 'The service is currently unavailable.', 'backendError', 'UNAVAILABLE'));
        return true;
    }
  }

  private token(res: http.ServerResponse, form: URLSearchParams): void {
    if (form.get('grant_type') !== 'refresh_token') {
      return send(res, 400, { error: 'unsupported_grant_type', error_description: 'Invalid grant_type: ' + (form.get('grant_type') ?? '') });
    }
    const rt = this.refreshTokens.get(form.get('refresh_token') ?? '');
    if (!rt) return send(res, 400, { error: 'invalid_grant', error_description: 'Bad Request' });
    switch (rt.behaviour) {
      case 'invalid_grant':
        return send(res, 400, { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' });
      case 'invalid_client':
        return send(res, 401, { error: 'invalid_client', error_description: 'The OAuth client was not found.' });
      case 'server-error-500':
        return send(res, 500, { error: 'internal_failure', error_description: 'Backend Error' });
      case 'ok': {
        const access = this.issueAccessToken(rt.sub);
        const answer: Record<string, unknown> = {
          access_token: access,
          expires_in: 3599,
          scope: 'https://www.googleapis.com/auth/gmail.readonly',
          token_type: 'Bearer',
        };
        if (rt.rotate) answer.refresh_token = this.addRefreshToken(rt.sub, { rotate: true });
        return send(res, 200, answer);
      }
    }
  }

  private revoke(res: http.ServerResponse, form: URLSearchParams, url: URL): void {
    const token = form.get('token') ?? url.searchParams.get('token') ?? '';
    const known = this.accessTokens.delete(token) || this.refreshTokens.delete(token);
    if (!known) return send(res, 400, { error: 'invalid_token', error_description: 'Token expired or revoked' });
    this.revoked.push(token);
    send(res, 200, {});
  }

  private bearer(req: http.IncomingMessage): FakeAccount | undefined {
    const m = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '');
    const t = m ? this.accessTokens.get(m[1]!.trim()) : undefined;
    if (!t || t.expiresAt <= Date.now()) return undefined;
    return this.accounts.get(t.sub);
  }

  private userinfo(req: http.IncomingMessage, res: http.ServerResponse): void {
    const a = this.bearer(req);
    if (!a) return send(res, 401, { error: 'invalid_request', error_description: 'Invalid Credentials' }, { 'WWW-Authenticate': 'Bearer realm="https://accounts.google.com/", error="invalid_token"' });
    send(res, 200, { sub: a.sub, name: a.name, email: a.email, email_verified: a.emailVerified });
  }

  private async gmail(endpoint: Endpoint, req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
    const account = this.bearer(req);
    if (!account) {
      return send(res, 401, {
        error: {
          code: 401,
          message: 'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.',
          errors: [{ message: 'Invalid Credentials', domain: 'global', reason: 'authError', location: 'Authorization', locationType: 'header' }],
          status: 'UNAUTHENTICATED',
        },
      });
    }
    const parts = url.pathname.slice(GMAIL_PREFIX.length).split('/').map(decodeURIComponent);
    const userId = parts[0]!;
    if (userId !== 'me' && userId.toLowerCase() !== account.email.toLowerCase()) {
      return send(res, 403, gmailError(403, 'Delegation denied for ' + account.email, 'forbidden', 'PERMISSION_DENIED'));
    }
    const box = this.mailboxes.get(account.sub) ?? [];
    if (endpoint === 'gmail.list') return this.list(res, url, box);
    const msg = box.find((m) => m.id === parts[2]);
    if (!msg) return send(res, 404, gmailError(404, 'Requested entity was not found.', 'notFound', 'NOT_FOUND'));
    if (endpoint === 'gmail.get') return this.get(res, url, msg);
    const data = buildPayload(msg.raw, msg.id).attachments.get(parts[4]!);
    if (!data) return send(res, 400, gmailError(400, 'Invalid attachment token', 'invalidArgument', 'INVALID_ARGUMENT'));
    send(res, 200, { size: data.length, data: Buffer.from(data).toString('base64url') });
  }

  private list(res: http.ServerResponse, url: URL, box: StoredMessage[]): void {
    const maxParam = url.searchParams.get('maxResults');
    let max = 100;
    if (maxParam !== null) {
      max = Number(maxParam);
      if (!Number.isInteger(max) || max < 1) return send(res, 400, gmailError(400, 'Invalid maxResults', 'invalidArgument', 'INVALID_ARGUMENT'));
      max = Math.min(max, 500);
    }
    let query;
    try {
      query = parseGmailQuery(url.searchParams.get('q') ?? '');
    } catch (err) {
      if (err instanceof GmailQueryError) return send(res, 400, gmailError(400, 'Invalid query', 'invalidArgument', 'INVALID_ARGUMENT'));
      throw err;
    }
    const hits = box
      .filter((m) => query.matches({ from: m.from, subject: m.subject, date: new Date(m.internalDate) }))
      .sort((a, b) => b.internalDate - a.internalDate || (a.id < b.id ? 1 : -1));
    const token = url.searchParams.get('pageToken');
    let offset = 0;
    if (token) {
      offset = Number(Buffer.from(token, 'base64url').toString('utf8'));
      if (!Number.isInteger(offset) || offset < 0) return send(res, 400, gmailError(400, 'Invalid pageToken', 'invalidArgument', 'INVALID_ARGUMENT'));
    }
    const page = hits.slice(offset, offset + max);
    const body: Record<string, unknown> = { resultSizeEstimate: hits.length };
    if (page.length > 0) body.messages = page.map((m) => ({ id: m.id, threadId: m.threadId }));
    if (offset + max < hits.length) body.nextPageToken = Buffer.from(String(offset + max)).toString('base64url');
    send(res, 200, body);
  }

  private get(res: http.ServerResponse, url: URL, msg: StoredMessage): void {
    const format = url.searchParams.get('format') ?? 'full';
    const base = {
      id: msg.id,
      threadId: msg.threadId,
      labelIds: msg.labelIds,
      snippet: '',
      sizeEstimate: msg.raw.length,
      historyId: '1000',
      internalDate: String(msg.internalDate),
    };
    if (format === 'raw') return send(res, 200, { ...base, raw: Buffer.from(msg.raw).toString('base64url') });
    if (format === 'minimal') return send(res, 200, base);
    const { payload } = buildPayload(msg.raw, msg.id);
    if (format === 'metadata') {
      const top: GmailPart = { ...payload, body: { size: 0 } };
      delete top.parts;
      return send(res, 200, { ...base, payload: top });
    }
    if (format !== 'full') return send(res, 400, gmailError(400, `Invalid value at 'format'`, 'invalidArgument', 'INVALID_ARGUMENT'));
    send(res, 200, { ...base, payload });
  }
}

function gmailError(code: number, message: string, reason: string, status: string, domain = 'global') {
  return { error: { code, message, errors: [{ message, domain, reason }], status } };
}

function send(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=UTF-8', 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

async function readBody(req: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
