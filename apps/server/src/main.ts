import { buildApp } from './app';
import { ConfigError, loadConfig } from './config';
import { openDatabase } from './db/database';
import { deleteExpiredSessions, deleteStaleThrottles } from './modules/auth/auth.repository';
import { keepMissingDailyReports } from './modules/chase/daily-report.service';
import { prepareDatabase, whileStartingAlone } from './setup';
import { shanghaiClock } from './time';
import { DEMO_LOGINS, DEMO_PASSWORD, ensureDemoCampaign, isEmptyDatabase, seedDemo } from './seed/demo';

/** When the server keeps the day's report of a campaign nobody kept by hand. */
const DAILY_REPORT_CLOCK = '20:00';

async function main() {
  const config = loadConfig();
  const database = await openDatabase({ databaseUrl: config.databaseUrl, scopedDatabaseUrl: config.databaseScopedUrl, dataDir: config.dataDir });
  // Several instances on one PostgreSQL: one prepares (and seeds) at a time, the others find it done.
  const { app, migration } = await whileStartingAlone(database, async () => {
    const migration = await prepareDatabase(database.db);
    const app = await buildApp({ config, database });
    if (await isEmptyDatabase(database.db)) {
      if (config.seedDemo) {
        await seedDemo(database.db, { config, now: new Date() });
        app.log.info('demo data created');
      } else {
        app.log.warn('the database holds no accounts and demo data is off (NODE_ENV=production or DEMO_DATA=false)');
      }
    }
    if (config.seedDemo) await ensureDemoCampaign(database.db, new Date());
    return { app, migration };
  });
  app.log.info({ db: database.kind, migration }, 'database ready');

  const sweep = setInterval(() => {
    deleteExpiredSessions(database.db, new Date()).catch((err) => app.log.warn({ err }, 'session sweep failed'));
    deleteStaleThrottles(database.db, new Date(Date.now() - 24 * 60 * 60_000)).catch((err) => app.log.warn({ err }, 'throttle sweep failed'));
    // 每天通报: from 20:00 (Asia/Shanghai) every open campaign has its day kept, if nobody kept it.
    if (shanghaiClock(new Date()) >= DAILY_REPORT_CLOCK) {
      keepMissingDailyReports(database.db, config, new Date()).catch((err) => app.log.warn({ err }, 'daily report keeping failed'));
    }
  }, 10 * 60_000);
  sweep.unref();

  let closing = false;
  const close = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    clearInterval(sweep);
    await app.close();
    await database.close();
  };
  process.once('SIGINT', () => void close('SIGINT'));
  process.once('SIGTERM', () => void close('SIGTERM'));

  await app.listen({ host: config.host, port: config.port });
  const base = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port}`;
  const hasDemo = config.seedDemo && (await database.db.selectFrom('app_user').select('id').where('username', '=', 'admin').executeTakeFirst());
  const lines = [
    '',
    `  参保 Canbao is running at ${base}  (API ${base}/api, docs ${base}/api/docs)`,
    `  database: ${database.kind === 'pglite' ? `PGlite in ${config.dataDir}` : 'PostgreSQL (DATABASE_URL)'}`,
  ];
  if (hasDemo) {
    lines.push(`  demo logins (password ${DEMO_PASSWORD}):`);
    for (const a of DEMO_LOGINS) lines.push(`    ${a.username.padEnd(11)} ${a.role.padEnd(14)} ${a.displayName}`);
  }
  console.log(lines.join('\n') + '\n');
}

main().catch((err) => {
  if (err instanceof ConfigError) {
    console.error(err.message);
  } else {
    console.error('Canbao failed to start:', err);
  }
  process.exitCode = 1;
});
