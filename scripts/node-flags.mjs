// The V8 flags the server runs with, in one place: `npm start`, the benchmarks and the browser tests' server use them.
//
// --max-old-space-size: everything the server does with data is streamed (uploads, imports, exports), so its live
// heap stays small; without a cap, V8 on a machine with plenty of memory lets garbage pile up before collecting it
// (a 1,000,000-row import peaked at 662–686 MB RSS uncapped, 270 MB with a 300 MB cap, at the same speed). 512 MB
// leaves room for many concurrent users. A NODE_OPTIONS that sets its own cap wins.
export const SERVER_NODE_FLAGS = ['--max-old-space-size=512'];

/** True when this process already runs with a heap cap (from its command line or NODE_OPTIONS). */
export function hasHeapCap(execArgv = process.execArgv, nodeOptions = process.env.NODE_OPTIONS ?? '') {
  return [...execArgv, ...nodeOptions.split(/\s+/)].some((a) => a.startsWith('--max-old-space-size'));
}
