// Guard for `npm run test:e2e`: the browser tests drive Debian's Chromium, never a downloaded browser.
import { existsSync } from 'node:fs';

const exe = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(exe)) {
  console.error(`Chromium not found at ${exe}: install it with \`apt-get install -y chromium\` (or set CHROMIUM_PATH).`);
  process.exit(1);
}
