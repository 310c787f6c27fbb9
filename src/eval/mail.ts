/**
 * Scores our mail decoding against the evaluation corpus (`<corpus>/mime/expected.jsonl` and
 * `<corpus>/gmail/expected.jsonl`, format in the corpus README). Each field is counted only where
 * the corpus gives ground truth for it.
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { load } from 'cheerio/slim';
import { messagesOfFile } from '../parsing/mail/mbox.js';
import { dateHeaderIso, parseEmail, type ParsedEmail } from '../parsing/mail/email.js';
import { decodeGmailMessage } from '../parsing/mail/gmail-message.js';
import { readJsonl, type EvalReport } from './report.js';

interface ExpectedAttachment {
  filename: string | null;
  content_type?: string;
  mime_type?: string;
  size?: number;
  sha256?: string;
  attachment_id?: string;
  body_file?: string;
}

interface ExpectedMime {
  file: string;
  index?: number;
  subject?: string;
  from?: string;
  date?: string;
  text_contains?: string[];
  html_present?: boolean;
  attachments?: ExpectedAttachment[];
  message_count?: number;
  messages?: ExpectedMime[];
}

interface ExpectedGmail {
  file: string;
  format: 'raw' | 'full';
  subject: string;
  from: string;
  attachments: ExpectedAttachment[];
  html_present: boolean;
}

class Scores {
  readonly fields: EvalReport['fields'] = {};
  readonly notes: string[] = [];
  score(field: string, ok: boolean, where: string, detail?: () => string) {
    const f = (this.fields[field] ??= { correct: 0, total: 0 });
    f.total++;
    if (ok) f.correct++;
    else if (this.notes.length < 60) this.notes.push(`${field} ✗ ${where}${detail ? `: ${detail()}` : ''}`);
  }
}

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

/** Rendered text of an HTML body, only for scoring `text_contains` where a message has no text/plain part. */
function htmlText(html: string): string {
  const marked = html
    .replace(/<(script|style|head)\b[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|tr|td|th|li|h\d|table|title)\s*>/gi, '\n');
  return load(`<body>${marked.replace(/<[^>]*>/g, ' ')}</body>`).text();
}

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const sameList = <T>(a: T[], b: T[]) => a.length === b.length && a.every((x, i) => x === b[i]);
const sorted = <T>(a: T[]) => [...a].map(String).sort();

function scoreMimeMessage(s: Scores, exp: ExpectedMime, email: ParsedEmail, where: string) {
  if (exp.subject !== undefined) s.score('subject', email.subject === exp.subject, where, () => `${JSON.stringify(email.subject)} vs ${JSON.stringify(exp.subject)}`);
  if (exp.from !== undefined) s.score('from', (email.fromHeader ?? '') === exp.from, where, () => `${JSON.stringify(email.fromHeader)} vs ${JSON.stringify(exp.from)}`);
  if (exp.date !== undefined) {
    const got = dateHeaderIso(email.dateHeader);
    s.score('date', got === exp.date, where, () => `${got} vs ${exp.date}`);
  }
  if (exp.text_contains !== undefined) {
    const body = squash(email.text ?? (email.html ? htmlText(email.html) : ''));
    const missing = exp.text_contains.filter((t) => !body.includes(squash(t)));
    s.score('text_contains', missing.length === 0, where, () => `missing ${JSON.stringify(missing)}`);
  }
  if (exp.html_present !== undefined) s.score('html_present', !!email.html === exp.html_present, where);
  if (exp.attachments !== undefined) {
    const got = email.attachments;
    const want = exp.attachments;
    s.score('attachments.count', got.length === want.length, where, () => `${got.length} vs ${want.length}`);
    s.score('attachments.filename', sameList(sorted(got.map((a) => a.filename)), sorted(want.map((a) => a.filename))), where, () =>
      `${JSON.stringify(got.map((a) => a.filename))} vs ${JSON.stringify(want.map((a) => a.filename))}`);
    s.score('attachments.sha256', sameList(sorted(got.map((a) => sha256(a.content))), sorted(want.map((a) => a.sha256))), where, () =>
      got.map((a, i) => `${a.filename}:${a.content.length}/${want[i]?.size}`).join(' '));
  }
}

export async function evalMime(corpusDir: string): Promise<EvalReport> {
  const expected = await readJsonl<ExpectedMime>(path.join(corpusDir, 'mime', 'expected.jsonl'));
  const s = new Scores();
  let messages = 0;
  for (const exp of expected) {
    const file = path.join(corpusDir, exp.file);
    try {
      const data = new Uint8Array(await fs.readFile(file));
      if (exp.messages) {
        const raws = messagesOfFile('mbox', data);
        s.score('mbox.message_count', raws.length === (exp.message_count ?? exp.messages.length), exp.file, () => `${raws.length}`);
        for (const m of exp.messages) {
          const raw = raws[m.index ?? -1];
          if (!raw) {
            s.score('mbox.message_found', false, `${exp.file}#${m.index}`);
            continue;
          }
          messages++;
          scoreMimeMessage(s, m, await parseEmail(raw), `${exp.file}#${m.index}`);
        }
      } else {
        messages++;
        scoreMimeMessage(s, exp, await parseEmail(data), exp.file);
      }
    } catch (err) {
      s.score('decoded_without_error', false, exp.file, () => (err as Error).message);
    }
  }
  return { kind: 'mime', records: expected.length, fields: s.fields, notes: [`${messages} messages decoded`, ...s.notes] };
}

export async function evalGmail(corpusDir: string): Promise<EvalReport> {
  const expected = await readJsonl<ExpectedGmail>(path.join(corpusDir, 'gmail', 'expected.jsonl'));
  const s = new Scores();
  for (const exp of expected) {
    const file = path.join(corpusDir, exp.file);
    try {
      // attachments.get bodies stored next to the message, when the corpus has them.
      const bodies = new Map(exp.attachments.filter((a) => a.body_file && a.attachment_id).map((a) => [a.attachment_id!, a.body_file!]));
      const msg = await decodeGmailMessage(await fs.readFile(file, 'utf8'), {
        loadAttachment: async (id) => {
          const f = bodies.get(id);
          if (!f) return undefined;
          const body = JSON.parse(await fs.readFile(path.join(corpusDir, f), 'utf8')) as { data?: string };
          return body.data ? new Uint8Array(Buffer.from(body.data, 'base64url')) : undefined;
        },
      });
      s.score('format', msg.format === exp.format, exp.file, () => msg.format);
      s.score('subject', msg.subject === exp.subject, exp.file, () => `${JSON.stringify(msg.subject)} vs ${JSON.stringify(exp.subject)}`);
      s.score('from', msg.from === exp.from, exp.file, () => `${JSON.stringify(msg.from)} vs ${JSON.stringify(exp.from)}`);
      s.score('html_present', (msg.email.html !== undefined) === exp.html_present, exp.file);
      const got = msg.attachmentRefs.map((a) => `${a.filename}|${a.mimeType}|${a.attachmentId ?? ''}`);
      const want = exp.attachments.map((a) => `${a.filename}|${a.mime_type}|${a.attachment_id ?? ''}`);
      s.score('attachments', sameList(got, want), exp.file, () => `${JSON.stringify(got)} vs ${JSON.stringify(want)}`);
      for (const a of exp.attachments.filter((x) => x.body_file)) {
        const ref = msg.attachmentRefs.find((x) => x.attachmentId === a.attachment_id);
        const decoded = msg.email.attachments.filter((x) => (x.filename ?? '') === a.filename && x.mimeType === a.mime_type);
        s.score('attachment_body', !!ref && decoded.some((x) => x.content.length === ref.size), `${exp.file} ${a.filename}`);
      }
    } catch (err) {
      s.score('decoded_without_error', false, exp.file, () => (err as Error).message);
    }
  }
  return { kind: 'gmail', records: expected.length, fields: s.fields, notes: s.notes };
}

