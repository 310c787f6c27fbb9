import { deflateSync } from 'node:zlib';
import { Worker } from 'node:worker_threads';

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

/** Wide, shallow markup under every cap: seconds of work for the receipt cascade. */
export const slowReceipt = (rows = 50_000): string =>
  '<p>Receipt</p><table>' + '<tr><td>Item</td><td>10,00 kr</td></tr>'.repeat(rows) + '</table><p>Total 10 kr</p>';

/**
 * One user's hostile uploads: a PDF that inflates to ~22 MB, HTML nested 100,000 deep, and
 * `slow` receipts that stay under the caps but take seconds each.
 */
export function hostileObjects(userId: string, slow = 3): Array<{ key: string; body: Uint8Array; type: string }> {
  const enc = (s: string) => new TextEncoder().encode(s);
  const retail = (n: number) => `invoices/${userId}/retail/grocery/shop_2026-01-0${n}_0000000${n}.html`;
  return [
    { key: `invoices/${userId}/rental/Hyresavi_bomb.pdf`, body: expandingPdf(1_000_000), type: 'application/pdf' },
    { key: retail(1), body: enc(deepHtml(100_000)), type: 'text/html' },
    ...Array.from({ length: slow }, (_, i) => ({ key: retail(i + 2), body: enc(slowReceipt()), type: 'text/html' })),
  ];
}

/**
 * Another user's client on its own thread (a client on the server's thread would stall with it
 * and never see the delay): GET `url` every 10 ms until `stop()`, which gives the latencies.
 */
export function backgroundClient(url: string, token: string): { stop(): Promise<Array<{ ms: number; status: number }>> } {
  const code = `
const { parentPort, workerData } = require('node:worker_threads');
let stop = false;
parentPort.on('message', () => { stop = true; });
(async () => {
  const out = [];
  while (!stop) {
    const t0 = performance.now();
    const r = await fetch(workerData.url, { headers: { authorization: 'Bearer ' + workerData.token } });
    await r.text();
    out.push({ ms: performance.now() - t0, status: r.status });
    await new Promise((res) => setTimeout(res, 10));
  }
  parentPort.postMessage(out);
})();
`;
  const worker = new Worker(code, { eval: true, workerData: { url, token } });
  const answers = new Promise<Array<{ ms: number; status: number }>>((res) => worker.once('message', res));
  return {
    async stop() {
      worker.postMessage('stop');
      const got = await answers;
      await worker.terminate();
      return got;
    },
  };
}
