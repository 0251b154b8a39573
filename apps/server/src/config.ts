import { createHmac, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/** Typed configuration, parsed once from the environment. No other file reads process.env. */
export type AppConfig = {
  env: 'development' | 'production' | 'test';
  host: string;
  port: number;
  /** PGlite directory; null with DATABASE_URL set, 'memory://' for throw-away test databases. */
  dataDir: string;
  databaseUrl: string | null;
  /** The login of requests' scoped transactions (a role that can only SET ROLE canbao_app); null: DATABASE_URL's. */
  databaseScopedUrl: string | null;
  sessionSecret: string;
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  loginMaxFailures: number;
  loginLockMinutes: number;
  cookieSecure: boolean;
  trustProxy: boolean;
  logLevel: string;
  seedDemo: boolean;
  /** The region's progress board is served from its snapshot while younger than this (seconds). */
  progressMaxAgeSeconds: number;
  webDist: string | null;
  /** Largest import file accepted (bytes). */
  importMaxBytes: number;
  /** Heap of the worker thread that reads one uploaded file (MB): a file that needs more fails its job only. */
  importReaderHeapMb: number;
  /** The in-process sandbox wallet (tests, demo); off in production unless asked for. */
  paymentSandbox: boolean;
  /** Key the sandbox wallet signs its notifications with. */
  sandboxPayKey: string;
};

const ZEnv = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must start with postgres:// or postgresql://')
    .optional(),
  DATABASE_SCOPED_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_SCOPED_URL must start with postgres:// or postgresql://')
    .optional(),
  SESSION_SECRET: z.string().min(32, 'SESSION_SECRET must be at least 32 characters').optional(),
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(30),
  SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).max(24 * 7).default(12),
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(100).default(5),
  LOGIN_LOCK_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(15),
  COOKIE_SECURE: z.enum(['true', 'false']).optional(),
  TRUST_PROXY: z.enum(['true', 'false']).default('false'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DEMO_DATA: z.enum(['true', 'false']).optional(),
  WEB_DIST: z.string().optional(),
  IMPORT_MAX_MB: z.coerce.number().int().min(1).max(2048).default(300),
  /** How old the region's progress board may be before it is recomputed (in the background); 0 = always live. */
  PROGRESS_MAX_AGE_SECONDS: z.coerce.number().int().min(0).max(3600).optional(),
  IMPORT_READER_HEAP_MB: z.coerce.number().int().min(16).max(8192).default(256),
  PAYMENT_SANDBOX: z.enum(['true', 'false']).optional(),
  SANDBOX_PAY_KEY: z.string().min(16, 'SANDBOX_PAY_KEY must be at least 16 characters').optional(),
});

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Reads the environment once and reports every problem together. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): AppConfig {
  // An empty variable (`DATABASE_URL=`) means unset, as in most tools.
  const given = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = ZEnv.safeParse(given);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid environment:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const isProduction = e.NODE_ENV === 'production';
  const problems: string[] = [];
  if (isProduction && !e.SESSION_SECRET) problems.push('  SESSION_SECRET is required when NODE_ENV=production');
  if (e.DATABASE_SCOPED_URL && !e.DATABASE_URL) problems.push('  DATABASE_SCOPED_URL needs DATABASE_URL (the system login) too');
  if (isProduction && e.DEMO_DATA === 'true') problems.push('  DEMO_DATA=true is refused when NODE_ENV=production');
  if (problems.length) throw new ConfigError(`Invalid environment:\n${problems.join('\n')}`);

  const dataDir = e.DATA_DIR === 'memory://' ? e.DATA_DIR : path.resolve(cwd, e.DATA_DIR);
  const sessionSecret = e.SESSION_SECRET ?? developmentSecret(dataDir);
  return {
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    dataDir,
    databaseUrl: e.DATABASE_URL ?? null,
    databaseScopedUrl: e.DATABASE_URL ? (e.DATABASE_SCOPED_URL ?? null) : null,
    sessionSecret,
    sessionIdleMinutes: e.SESSION_IDLE_MINUTES,
    sessionAbsoluteHours: e.SESSION_ABSOLUTE_HOURS,
    loginMaxFailures: e.LOGIN_MAX_FAILURES,
    loginLockMinutes: e.LOGIN_LOCK_MINUTES,
    cookieSecure: e.COOKIE_SECURE ? e.COOKIE_SECURE === 'true' : isProduction,
    trustProxy: e.TRUST_PROXY === 'true',
    logLevel: e.LOG_LEVEL,
    seedDemo: e.DEMO_DATA ? e.DEMO_DATA === 'true' : !isProduction,
    webDist: e.WEB_DIST ? path.resolve(cwd, e.WEB_DIST) : null,
    importMaxBytes: e.IMPORT_MAX_MB * 1024 * 1024,
    progressMaxAgeSeconds: e.PROGRESS_MAX_AGE_SECONDS ?? (e.NODE_ENV === 'test' ? 0 : 15),
    importReaderHeapMb: e.IMPORT_READER_HEAP_MB,
    paymentSandbox: e.PAYMENT_SANDBOX ? e.PAYMENT_SANDBOX === 'true' : !isProduction,
    sandboxPayKey: e.SANDBOX_PAY_KEY ?? createHmac('sha256', sessionSecret).update('canbao-sandbox-pay').digest('hex'),
  };
}

/**
 * Outside production a secret is generated once and kept beside the data, so sessions survive restarts
 * without anyone having to configure one.
 */
function developmentSecret(dataDir: string): string {
  if (dataDir === 'memory://') return randomBytes(32).toString('hex');
  const file = path.join(dataDir, '.session-secret');
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    mkdirSync(dataDir, { recursive: true });
    const secret = randomBytes(32).toString('hex');
    writeFileSync(file, secret, { mode: 0o600 });
    return secret;
  }
}
