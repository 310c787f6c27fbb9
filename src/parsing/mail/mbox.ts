/**
 * Splits an mbox file into raw RFC 822 messages. A separator is a line starting with `From `
 * at the start of the file or after a blank line (what mbox writers emit; a lone body line
 * starting with `From ` mid-paragraph is not taken for one), or any line with the envelope shape
 * `From <sender> <asctime>`. Body lines escaped as `>From ` (mboxrd: any number of `>`) lose one `>`.
 */
const ENVELOPE = /^From \S+\s+[A-Za-z]{3} [A-Za-z]{3}\s+\d{1,2} \d{1,2}:\d{2}/;

export function splitMbox(data: Uint8Array): Uint8Array[] {
  // latin1 maps bytes 1:1 to code units, so slicing and re-encoding keeps every byte.
  const text = Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('latin1');
  const starts: number[] = [];
  let lineStart = 0;
  let prevBlank = true;
  while (lineStart < text.length) {
    let end = text.indexOf('\n', lineStart);
    if (end === -1) end = text.length;
    const line = text.slice(lineStart, end).replace(/\r$/, '');
    if (line.startsWith('From ') && (prevBlank || ENVELOPE.test(line))) starts.push(lineStart);
    prevBlank = line.length === 0;
    lineStart = end + 1;
  }
  const messages: Uint8Array[] = [];
  for (let i = 0; i < starts.length; i++) {
    const from = starts[i]!;
    const to = i + 1 < starts.length ? starts[i + 1]! : text.length;
    const afterEnvelope = text.indexOf('\n', from);
    if (afterEnvelope === -1 || afterEnvelope >= to) continue; // an envelope line and nothing else
    let body = text.slice(afterEnvelope + 1, to);
    // The blank line written before the next separator belongs to the mbox, not the message.
    body = body.replace(/(\r?\n)\r?\n$/, '$1');
    body = body.replace(/^>(>*From )/gm, '$1');
    messages.push(new Uint8Array(Buffer.from(body, 'latin1')));
  }
  return messages;
}

/** True for data that starts like an mbox (an envelope `From ` line). */
export function looksLikeMbox(data: Uint8Array): boolean {
  return Buffer.from(data.buffer, data.byteOffset, Math.min(data.byteLength, 5)).toString('latin1') === 'From ';
}

/** Messages of one file: one for `.eml`, every message of an mbox (also of an `.eml` saved with an mbox envelope line). */
export function messagesOfFile(kind: 'eml' | 'mbox', data: Uint8Array): Uint8Array[] {
  if (kind === 'mbox' || looksLikeMbox(data)) return splitMbox(data);
  return [data];
}
