// Guard for `npm run test:e2e`: the browser tests drive Debian's Chromium, never a downloaded browser, and the
// two-instance test runs the built server behind Debian's HAProxy.
import { existsSync } from 'node:fs';

const missing = [];
const exe = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(exe)) missing.push(`Chromium not found at ${exe}: install it with \`apt-get install -y chromium\` (or set CHROMIUM_PATH).`);
if (!existsSync('/usr/sbin/haproxy')) missing.push('HAProxy not found at /usr/sbin/haproxy: install it with `apt-get install -y haproxy`.');
if (missing.length) {
  for (const m of missing) console.error(m);
  process.exit(1);
}
