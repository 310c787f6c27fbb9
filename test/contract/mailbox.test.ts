import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createGmailMailbox } from '../../src/adapters/google/gmail-mailbox.js';
import { createFolderMailbox } from '../../src/adapters/local/folder-mailbox.js';
import { silentLogger } from '../../src/runtime/log.js';
import { FakeGoogle } from '../fakes/google/server.js';
import { configFor, fixedClock, MemoryVault, storedTokens } from '../support/google.js';
import { toMbox } from '../support/mail.js';
import { mailboxContract } from './mailbox.contract.js';

mailboxContract('folder of .eml and mbox files', async (messages) => {
  const root = await mkdtemp(path.join(os.tmpdir(), 'folder-mailbox-'));
  const dir = path.join(root, 'user-1');
  await mkdir(path.join(dir, 'archive'), { recursive: true });
  // The first two in one mbox (in a sub-folder), the rest as single .eml files.
  await writeFile(path.join(dir, 'archive', 'rent.mbox'), toMbox(messages.slice(0, 2)));
  for (let i = 2; i < messages.length; i++) await writeFile(path.join(dir, `msg-${i}.eml`), messages[i]!);
  return { mailbox: createFolderMailbox({ root }), userId: 'user-1', close: () => rm(root, { recursive: true, force: true }) };
});

mailboxContract('Gmail API (fake Google)', async (messages) => {
  const fake = await FakeGoogle.start();
  const account = fake.addAccount({ email: 'tester@example.com' });
  await fake.addMessages(account.sub, messages);
  const clock = fixedClock('2025-10-10T12:00:00Z');
  const vault = new MemoryVault();
  await vault.put('user-1', storedTokens({ access: fake.issueAccessToken(account.sub), refresh: fake.addRefreshToken(account.sub), now: clock.now(), expiresInSeconds: 3599 }));
  const mailbox = createGmailMailbox({ config: configFor(fake), tokens: vault, clock, log: silentLogger, limits: { pageSize: 2 } });
  return { mailbox, userId: 'user-1', close: () => fake.stop() };
});
