/** The benchmark turns this on to print the time of each phase. */
export const importTrace = { enabled: false };
let traceAt = performance.now();
export function trace(phase: string) {
  if (!importTrace.enabled) return;
  const t = performance.now();
  console.error(`import: ${phase} ${((t - traceAt) / 1000).toFixed(2)} s`);
  traceAt = t;
}
