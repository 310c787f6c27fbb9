/**
 * `paypulse parse rental FILE.pdf [--user USER_ID]`: prints the RentalInvoices item that would
 * be stored for the PDF, as pretty JSON. Exit codes: 0 item printed (also when it needs
 * review), 1 nothing to store (the skip reason is printed) or the file cannot be read,
 * 2 usage error. The dispatcher may pass the args with or without the leading `rental`.
 */
import { readFile } from 'node:fs/promises';
import { parseRentalPdf } from '../../parsing/rental/rental-item.js';

const USAGE = 'usage: paypulse parse rental FILE.pdf [--user USER_ID]';
export const DEFAULT_CLI_USER = 'local-user';

function parseArgs(args: string[]): { file: string; user: string } | undefined {
  const rest = args[0] === 'rental' ? args.slice(1) : [...args];
  let user = DEFAULT_CLI_USER;
  const files: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i]!;
    if (a === '--user') {
      const v = rest[++i];
      if (!v || v.startsWith('--')) return undefined;
      user = v;
    } else if (a.startsWith('--user=')) {
      user = a.slice('--user='.length);
      if (!user) return undefined;
    } else if (a.startsWith('-')) {
      return undefined;
    } else {
      files.push(a);
    }
  }
  return files.length === 1 ? { file: files[0]!, user } : undefined;
}

export async function parseRentalCommand(args: string[], out: (s: string) => void): Promise<number> {
  const parsed = parseArgs(args);
  if (!parsed) {
    out(USAGE);
    return 2;
  }
  let bytes: Uint8Array;
  try {
    bytes = await readFile(parsed.file);
  } catch (err) {
    out(`cannot read ${parsed.file}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`);
    return 1;
  }
  const res = await parseRentalPdf(bytes, { userId: parsed.user, key: parsed.file });
  out(JSON.stringify('item' in res ? res.item : { file: parsed.file, skipped: res.skipped }, null, 2));
  return 'item' in res ? 0 : 1;
}
