/**
 * What the benchmarks share: free ports, child processes (the built server, helpers), CPU and memory readings from
 * /proc, and autocannon as a promise. Local only: every load goes to 127.0.0.1.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';

export const root = path.resolve(import.meta.dirname, '..');

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export function run(cmd: string, argv: string[]) {
  return new Promise<void>((resolve, reject) => {
    const p = spawn(cmd, argv, { cwd: root, stdio: 'inherit' });
    p.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} ${argv.join(' ')} exited ${code}`))));
  });
}

/** Starts a child and resolves once its stdout says `ready` (a string it prints when listening). */
export function startChild(argv: string[], env: NodeJS.ProcessEnv, ready: string): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, argv, { cwd: root, env, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    const onData = (d: Buffer) => {
      out += d.toString();
      if (out.includes(ready)) {
        child.stdout!.off('data', onData);
        child.stdout!.resume();
        resolve(child);
      }
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`child exited ${code} before it was ready:\n${out}`)));
  });
}

export function stopChild(child: ChildProcess) {
  return new Promise<void>((resolve) => {
    if (child.exitCode !== null) return resolve();
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** CPU seconds a process has used so far (user + system), from /proc. */
export function processCpuSec(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}

/**
 * CPU seconds used so far by each PostgreSQL backend serving the bench's database (by process title; other
 * databases' backends and the server's shared workers — WAL writer, checkpointer — are not counted).
 */
export function postgresCpu(database: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (!stat.includes('(postgres)') || !readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(` ${database} `)) continue;
      const fields = stat.split(') ')[1]!.split(' ');
      out.set(entry, (Number(fields[11]) + Number(fields[12])) / 100);
    } catch {
      // the process ended meanwhile
    }
  }
  return out;
}

/** CPU seconds the backends used between two readings (a backend that ended in between is not counted). */
export function postgresCpuSince(before: Map<string, number>, database: string): number {
  let sum = 0;
  for (const [pid, sec] of postgresCpu(database)) sum += sec - (before.get(pid) ?? 0);
  return sum;
}

export function machineCpu() {
  let idle = 0;
  let total = 0;
  for (const c of os.cpus()) {
    idle += c.times.idle;
    total += c.times.user + c.times.nice + c.times.sys + c.times.idle + c.times.irq;
  }
  return { idle, total };
}


/** autocannon as a promise, stopped after maxSec if given. */
export function cannon(options: autocannon.Options, maxSec?: number): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    let safety: NodeJS.Timeout | null = null;
    const instance = autocannon(options, (err, result) => {
      if (safety) clearTimeout(safety);
      if (err) reject(err instanceof Error ? err : new Error(String(err)));
      else resolve(result);
    });
    if (maxSec) safety = setTimeout(() => instance.stop(), maxSec * 1000);
  });
}


/** Resident memory of a process in MB (VmRSS), NaN once it is gone. */
export function rssMb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

/** Percentiles of a list of milliseconds (nearest rank). */
export function percentiles(ms: readonly number[]): { p50: number; p95: number; p99: number; n: number } {
  const s = [...ms].sort((a, b) => a - b);
  const at = (p: number) => (s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]! : NaN);
  return { p50: at(50), p95: at(95), p99: at(99), n: s.length };
}

/** Merges `value` under `key` into bench/results.json, keeping the other keys. */
export function writeResult(key: string, value: unknown) {
  const file = path.join(root, 'bench/results.json');
  let all: Record<string, unknown> = {};
  try {
    all = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch {
    // first result
  }
  all[key] = value;
  writeFileSync(file, `${JSON.stringify(all, null, 2)}\n`);
}
