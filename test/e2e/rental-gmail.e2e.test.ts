/**
 * The rental chain with the Gmail adapter against the fake Google on 127.0.0.1: store-tokens,
 * token refresh, paging, 429 storms, invalid_grant → reconnect.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { buildEmail } from '../../src/demo/rent-notice-email.js';
import { FakeGoogle, type FakeAccount } from '../fakes/google/server.js';
import { decodeRentalList, startLocal, type LocalServer } from '../support/local-server.js';
import { notice, noticeMail, SENDER } from '../support/rental.js';

let fake: FakeGoogle;
let s: LocalServer;
before(async () => {
  fake = await FakeGoogle.start();
  s = await startLocal({
    mailbox: 'gmail',
    env: { ...fake.env(), GOOGLE_OAUTH_CLIENT_ID: 'ios-client.apps.googleusercontent.com' },
    // Small pages so paging happens; short retry delays so a 429 storm passes quickly.
    gmail: { pageSize: 2, baseDelayMs: 2, maxDelayMs: 10, tokenCacheMs: 0 },
  });
});
after(async () => {
  await s.close();
  await fake.stop();
});

async function connect(token: string, account: FakeAccount, refresh: string, expiresIn: number) {
  const access = fake.issueAccessToken(account.sub, { expiresInSeconds: expiresIn });
  const r = await s.call('POST', '/v1/auth/gmail/store-tokens', {
    token,
    form: { access_token: access, refresh_token: refresh, expires_in: String(expiresIn), 'scope[]': 'https://www.googleapis.com/auth/gmail.readonly', token_type: 'Bearer' },
  });
  assert.equal(r.status, 201, r.text);
}

test('Gmail: refresh, every page, 429 storm, then invalid_grant asks to reconnect', async () => {
  const maja = await s.signup('Maja Berg', 'maja@example.se');
  const account = fake.addAccount({ email: 'maja.berg@gmail.com', name: 'Maja Berg' });
  const refresh = fake.addRefreshToken(account.sub);
  const dues = ['2025-04-30', '2025-05-30', '2025-06-30', '2025-07-31', '2025-08-29'];
  for (const due of dues) await fake.addMessage(account.sub, await noticeMail(due));
  await fake.addMessage(account.sub, buildEmail({ from: SENDER, subject: 'Nyhetsbrev', date: new Date('2025-08-01T08:00:00Z') }));
  await fake.addMessage(account.sub, buildEmail({ from: 'Shop <info@shop.se>', subject: 'Hyresavi?', date: new Date('2025-08-01T08:00:00Z') }));

  // Stored with one minute left: the adapter refreshes before its first call.
  await connect(maja.token, account, refresh, 60);
  fake.inject('gmail.get', { kind: 'rate-limit-429', retryAfterSeconds: 0 }, 4);
  const ingest = await s.call('POST', '/v1/invoices/rental/ingest', { token: maja.token });
  assert.deepEqual(ingest.json, { message: 'Rental invoices ingested successfully!', code: 200, data: { invoiceCount: 5 } });
  assert.ok(fake.count('oauth.token') >= 1, 'token refreshed');
  assert.ok(fake.count('gmail.list') >= 3, `every page read (${fake.count('gmail.list')} list calls)`);
  await s.deps.events.drain();
  const list = decodeRentalList((await s.call('GET', '/v1/invoices/rental', { token: maja.token })).json.data);
  assert.equal(list.count, 5);
  for (const due of dues) {
    const n = await notice(due);
    assert.ok(list.items.some((i) => i.OCR === n.ocr && i['Total Amount'] === n.total));
  }

  // A re-ingest fetches no message again.
  const gets = fake.count('gmail.get');
  assert.equal((await s.call('POST', '/v1/invoices/rental/ingest', { token: maja.token })).json.data, null);
  assert.equal(fake.count('gmail.get'), gets);

  // The grant is revoked at Google: 502 reconnect, tokens removed, profile says disconnected.
  fake.setRefreshBehaviour(refresh, 'invalid_grant');
  await connect(maja.token, account, refresh, 60);
  const revoked = await s.call('POST', '/v1/invoices/rental/ingest', { token: maja.token });
  assert.equal(revoked.status, 502);
  assert.deepEqual(revoked.json, { error: { code: 'GMAIL_TOKEN_EXPIRED', message: 'Gmail account needs to be re-connected' } });
  const profile = await s.call('GET', '/v1/user/me', { token: maja.token });
  assert.equal(profile.json.data.gmail_account_connected, false);
  const latest = await s.call('POST', '/v1/invoices/rental/ingest/latest', { token: maja.token });
  assert.deepEqual(latest.json, { error: { code: 'GMAIL_TOKEN_EXPIRED', message: 'Error retrieving OAuth tokens' } });
  // The invoices already ingested are still there.
  assert.equal(decodeRentalList((await s.call('GET', '/v1/invoices/rental', { token: maja.token })).json.data).count, 5);
});

test('Gmail: never connected → 502 Error retrieving OAuth tokens; the schedule runs for connected users only', async () => {
  const u = await s.signup('Nils', 'nils@example.se');
  // Olle is connected and this month's notice is in his Gmail.
  const olle = await s.signup('Olle', 'olle@example.se');
  const account = fake.addAccount({ email: 'olle@gmail.com' });
  const now = new Date();
  const [y, m] = [now.getUTCFullYear(), now.getUTCMonth() + 1];
  const sent = new Date(Math.max(now.getTime() - 60_000, Date.UTC(y, m - 1, 1, 12)));
  await fake.addMessage(account.sub, await noticeMail(`${y}-${String(m).padStart(2, '0')}-28`, { sentIso: sent.toISOString() }));
  await connect(olle.token, account, fake.addRefreshToken(account.sub), 3600);

  const r = await s.call('POST', '/v1/invoices/rental/ingest', { token: u.token });
  assert.deepEqual(r.json, { error: { code: 'GMAIL_TOKEN_EXPIRED', message: 'Error retrieving OAuth tokens' } });

  const before = s.logs.length;
  s.deps.events.fireSchedule('rentalLatest');
  await s.deps.events.drain();
  const done = s.logs.slice(before).map((l) => JSON.parse(l) as { msg: string; summary?: Record<string, unknown> }).find((l) => l.msg === 'schedule finished');
  assert.ok(done?.summary, 'the schedule ran and logged its summary');
  // Nils and Maja (tokens removed by invalid_grant) have no Gmail connection.
  assert.deepEqual(done.summary, { total_users: 1, ingested: 1, already_processed: 0, not_dispatched: 0, failed: 0, errors: [] });
  assert.deepEqual(s.deps.events.failed(), []);
  assert.equal(decodeRentalList((await s.call('GET', '/v1/invoices/rental', { token: olle.token })).json.data).count, 1);
});
