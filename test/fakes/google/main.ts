/**
 * Runs the fake Google for trying the app by hand:
 *   npm run fake-google -- [--port 4480] [--email you@example.com] [--mail <folder of .eml/.mbox>]
 * Prints the environment to give PayPulse and a ready access/refresh token pair for the account.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { messagesOfFile } from '../../../src/parsing/mail/mbox.js';
import { FakeGoogle } from './server.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '4480' },
    email: { type: 'string', default: 'tester@example.com' },
    name: { type: 'string', default: 'Test User' },
    mail: { type: 'string' },
  },
});

async function mailFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const d of await fs.readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) out.push(...(await mailFiles(p)));
    else if (/\.(eml|mbox)$/i.test(d.name)) out.push(p);
  }
  return out.sort();
}

const fake = await FakeGoogle.start({ port: Number(values.port) });
const account = fake.addAccount({ email: values.email!, name: values.name! });
let loaded = 0;
if (values.mail) {
  for (const file of await mailFiles(values.mail)) {
    const data = new Uint8Array(await fs.readFile(file));
    for (const raw of messagesOfFile(/\.mbox$/i.test(file) ? 'mbox' : 'eml', data)) {
      await fake.addMessage(account.sub, raw);
      loaded++;
    }
  }
}
const accessToken = fake.issueAccessToken(account.sub, { expiresInSeconds: 3600 });
const refreshToken = fake.addRefreshToken(account.sub);
console.log(JSON.stringify({ url: fake.url, env: fake.env(), account, accessToken, refreshToken, messages: loaded }, null, 2));
const stop = () => void fake.stop().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
