import { deflateSync } from 'node:zlib';

/**
 * A one-page PDF whose content stream, `repeat` text-show operators, is FlateDecode-compressed:
 * a few kilobytes on disk, megabytes once pdf.js expands it.
 */
export function expandingPdf(repeat: number): Uint8Array {
  const content = Buffer.from(`BT /F1 10 Tf 20 800 Td ${'(Hyra 100) Tj 0 -1 Td '.repeat(repeat)}ET`, 'latin1');
  const stream = deflateSync(content, { level: 9 });
  const parts: Buffer[] = [];
  const offsets: number[] = [];
  let size = 0;
  const add = (b: Buffer | string) => {
    const buf = typeof b === 'string' ? Buffer.from(b, 'latin1') : b;
    parts.push(buf);
    size += buf.length;
  };
  const obj = (n: number, body: string | Buffer[]) => {
    offsets[n] = size;
    add(`${n} 0 obj\n`);
    if (typeof body === 'string') add(body);
    else body.forEach(add);
    add('\nendobj\n');
  };
  add('%PDF-1.4\n');
  obj(1, '<< /Type /Catalog /Pages 2 0 R >>');
  obj(2, '<< /Type /Pages /Kids [3 0 R] /Count 1 >>');
  obj(3, '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>');
  obj(4, [Buffer.from(`<< /Length ${stream.length} /Filter /FlateDecode >>\nstream\n`, 'latin1'), stream, Buffer.from('\nendstream', 'latin1')]);
  obj(5, '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>');
  const xref = size;
  add(`xref\n0 6\n0000000000 65535 f \n${offsets.slice(1).map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`);
  add(`trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`);
  return new Uint8Array(Buffer.concat(parts));
}

/** `depth` nested elements around a receipt line. */
export const deepHtml = (depth: number, tag = 'div'): string => `<p>Receipt</p>${`<${tag}>`.repeat(depth)}Total 10 kr${`</${tag}>`.repeat(depth)}`;
