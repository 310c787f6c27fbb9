// Worker entry of the parse pool. Under tsx (npm start, tests) the TypeScript module needs tsx's
// loader, which a worker does not inherit from `--import tsx`: register it here first.
import { workerData } from 'node:worker_threads';

if (workerData.entry.endsWith('.ts')) (await import('tsx/esm/api')).register();
await import(workerData.entry);
