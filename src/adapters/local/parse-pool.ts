/**
 * The local runtime's document parser: a pool of worker threads, so parsing a large or hostile
 * document never blocks the one process that serves every user's requests. Each job has a time
 * budget (the worker is terminated when it runs out) and a heap limit (`resourceLimits`); a job
 * over either becomes the `needs_review` result of `overBudget`. Time spent waiting for the LLM,
 * which the main thread calls, does not count against the budget.
 */
import { Worker } from 'node:worker_threads';
import { overBudget, type BudgetReason, type DocumentParser, type ParseJob, type ParseJobResult } from '../../parsing/document-parser.js';
import type { VendorRules } from '../../parsing/retail/vendor-rules.js';
import type { ReceiptLlm, ReceiptLlmRequest } from '../../ports/receipt-llm.js';
import type { Logger } from '../../ports/log.js';

export type ToWorker = { type: 'job'; job: ParseJob } | { type: 'llm'; call: number; answer?: unknown; error?: string };
export type ToPool =
  | { type: 'ready' }
  | { type: 'done'; result: unknown }
  | { type: 'failed'; error: string }
  | { type: 'llm'; call: number; req: ReceiptLlmRequest };

export interface ParsePoolOptions {
  /** Worker threads (parallel documents). */
  size: number;
  /** Parse time per document, LLM waits excluded. */
  timeoutMs: number;
  /** Heap limit of each worker. */
  memoryMb: number;
  vendorRules: VendorRules;
  llm?: ReceiptLlm;
  log: Logger;
}

interface Task {
  job: ParseJob;
  resolve(v: unknown): void;
  reject(e: Error): void;
}

interface Slot {
  worker: Worker;
  task?: Task;
  /** Modules loaded: the budget of a job starts only then. */
  ready: boolean;
  timer?: NodeJS.Timeout;
  /** Budget left for the current task (ms). */
  left: number;
  startedAt: number;
}

const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
const ENTRY = new URL(`./parse-worker${ext}`, import.meta.url).href;
const SHIM = new URL('./parse-worker.mjs', import.meta.url);

export function createParsePool(opts: ParsePoolOptions): DocumentParser {
  const slots = new Set<Slot>();
  const queue: Task[] = [];
  let closed = false;

  function spawn(): Slot {
    const worker = new Worker(SHIM, {
      workerData: { entry: ENTRY, vendorRules: opts.vendorRules, hasLlm: opts.llm !== undefined },
      resourceLimits: { maxOldGenerationSizeMb: opts.memoryMb, maxYoungGenerationSizeMb: Math.min(64, Math.max(8, opts.memoryMb / 8)) },
      stdout: false,
      stderr: false,
    });
    const slot: Slot = { worker, ready: false, left: 0, startedAt: 0 };
    worker.on('message', (m: ToPool) => onMessage(slot, m));
    worker.on('error', (err: Error & { code?: string }) => {
      if (err.code === 'ERR_WORKER_OUT_OF_MEMORY') finish(slot, 'parse_memory_exceeded');
      else finish(slot, err);
    });
    worker.on('exit', () => finish(slot, new Error('parse worker exited')));
    slots.add(slot);
    return slot;
  }

  /** Ends the slot's task; any outcome but a result also retires the worker. */
  function finish(slot: Slot, outcome: { result: unknown } | BudgetReason | Error): void {
    const task = slot.task;
    clearTimeout(slot.timer);
    slot.task = undefined;
    if (!(typeof outcome === 'object' && 'result' in outcome)) {
      slots.delete(slot);
      void slot.worker.terminate();
    } else {
      slot.worker.unref();
    }
    if (task) {
      if (outcome instanceof Error) task.reject(outcome);
      else if (typeof outcome === 'string') {
        opts.log.warn('document over parse budget', { kind: task.job.kind, reason: outcome });
        task.resolve(overBudget(task.job, outcome));
      } else task.resolve(outcome.result);
    }
    dispatch();
  }

  function arm(slot: Slot): void {
    slot.startedAt = Date.now();
    slot.timer = setTimeout(() => finish(slot, 'parse_timeout'), slot.left);
  }

  function onMessage(slot: Slot, m: ToPool): void {
    if (m.type === 'ready') {
      slot.ready = true;
      if (slot.task) arm(slot);
      return;
    }
    if (!slot.task) return;
    if (m.type === 'done') return finish(slot, { result: m.result });
    if (m.type === 'failed') return finish(slot, new Error(m.error));
    // The LLM call is the main thread's: pause the budget while it is in flight.
    clearTimeout(slot.timer);
    slot.left -= Date.now() - slot.startedAt;
    const task = slot.task;
    const reply = (r: { answer?: unknown; error?: string }) => {
      if (slot.task !== task) return;
      slot.worker.postMessage({ type: 'llm', call: m.call, ...r } satisfies ToWorker);
      arm(slot);
    };
    opts.llm!.extract(m.req).then(
      (answer) => reply({ answer }),
      (err: unknown) => reply({ error: err instanceof Error ? err.message : String(err) }),
    );
  }

  function dispatch(): void {
    while (queue.length && !closed) {
      const slot = [...slots].find((s) => !s.task) ?? (slots.size < opts.size ? spawn() : undefined);
      if (!slot) return;
      const task = queue.shift()!;
      slot.task = task;
      slot.left = opts.timeoutMs;
      slot.worker.ref();
      slot.worker.postMessage({ type: 'job', job: task.job } satisfies ToWorker);
      if (slot.ready) arm(slot);
    }
  }

  return {
    parse<J extends ParseJob>(job: J): Promise<ParseJobResult<J>> {
      if (closed) return Promise.reject(new Error('parse pool is closed'));
      return new Promise((resolve, reject) => {
        queue.push({ job, resolve: resolve as (v: unknown) => void, reject });
        dispatch();
      });
    },
    async close() {
      closed = true;
      for (const t of queue.splice(0)) t.reject(new Error('parse pool is closed'));
      await Promise.all([...slots].map((s) => s.worker.terminate()));
      slots.clear();
    },
  };
}
