// Starting a worker thread on one of our modules, from source (.ts, under tsx) or from the
// build (.js), whichever the caller is. An eval'd thread does not run `node --import tsx`,
// and hooks registered by code (as bin/stegosoc.js does) are not inherited either, so a .ts
// entry registers tsx first.
import { Worker } from 'node:worker_threads';

/** `callerUrl` is the caller's `import.meta.url`; `entry` the thread module's path beside it,
 *  without extension (`./writer-thread`). The module reads `workerData`. */
export function moduleThread(callerUrl: string, entry: string, workerData: Record<string, unknown>): Worker {
  const url = new URL(`${entry}${callerUrl.endsWith('.ts') ? '.ts' : '.js'}`, callerUrl).href;
  const tsx = url.endsWith('.ts') ? import.meta.resolve('tsx/esm/api') : undefined;
  const boot = `const { workerData } = require('node:worker_threads');
(async () => {
  if (workerData.tsx) (await import(workerData.tsx)).register();
  await import(workerData.entry);
})().catch((err) => { process.nextTick(() => { throw err; }); });`;
  return new Worker(boot, { eval: true, workerData: { ...workerData, entry: url, tsx } });
}
