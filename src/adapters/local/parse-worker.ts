/**
 * One parse worker: runs `runParseJob` for each job the pool sends. The LLM stage of the receipt
 * cascade is a network call owned by the main thread (its client, key and limits live there), so
 * the worker asks the pool for each answer.
 */
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { runParseJob, type ParseJob } from '../../parsing/document-parser.js';
import type { ReceiptLlm, ReceiptLlmRequest } from '../../ports/receipt-llm.js';
import type { VendorRules } from '../../parsing/retail/vendor-rules.js';
import type { ToPool, ToWorker } from './parse-pool.js';

// Linux schedules threads, so this lowers only this worker: parsing is background work and
// yields the CPU to the thread answering requests. Elsewhere it may fail or apply process-wide: skip.
if (process.platform === 'linux') {
  try {
    setPriority(10);
  } catch {
    // not permitted: run at normal priority
  }
}

const port = parentPort!;
const { vendorRules, hasLlm } = workerData as { vendorRules: VendorRules; hasLlm: boolean };
const send = (m: ToPool) => port.postMessage(m);

let nextCall = 0;
const calls = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
const llm: ReceiptLlm = {
  extract: (req: ReceiptLlmRequest) =>
    new Promise((resolve, reject) => {
      const call = ++nextCall;
      calls.set(call, { resolve, reject });
      send({ type: 'llm', call, req });
    }),
};

port.on('message', (m: ToWorker) => {
  if (m.type === 'llm') {
    const waiting = calls.get(m.call);
    calls.delete(m.call);
    if (m.error !== undefined) waiting?.reject(new Error(m.error));
    else waiting?.resolve(m.answer);
    return;
  }
  const job: ParseJob = m.job;
  runParseJob(job, { vendorRules, ...(hasLlm ? { llm } : {}) }).then(
    (result) => send({ type: 'done', result }),
    (err: unknown) => send({ type: 'failed', error: err instanceof Error ? err.message : String(err) }),
  );
});

// Warm up before taking jobs: the first receipt pays for compiling the language tables and the
// parser, and a document's budget should measure the document, not a fresh worker.
const warmUp: ParseJob = { kind: 'receipt', input: { html: '<p>Receipt</p><p>Total 1 kr</p>' }, now: new Date() };
runParseJob(warmUp, { vendorRules }).then(
  () => send({ type: 'ready' }),
  () => send({ type: 'ready' }),
);
