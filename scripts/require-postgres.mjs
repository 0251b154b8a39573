// Guard for `npm run test:api:postgres`: fails early with a clear message when no PostgreSQL server answers.
import net from 'node:net';

const url = new URL(process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
const ok = await new Promise((resolve) => {
  const s = net.connect({ host: url.hostname, port: Number(url.port || 5432) });
  s.setTimeout(3000);
  s.once('connect', () => { s.end(); resolve(true); });
  s.once('error', () => resolve(false));
  s.once('timeout', () => { s.destroy(); resolve(false); });
});
if (!ok) {
  const msg = `PostgreSQL does not answer at ${url.hostname}:${url.port || 5432} (set TEST_DATABASE_URL).`;
  console.error(`${msg} The API tests run on PostgreSQL as well as PGlite: start it, e.g.\n` +
    '  pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start');
  process.exit(1);
}
