// `npm start`: builds what is stale, then runs the server (migrations, demo data on an empty database).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  console.error(`Canbao needs Node.js 20.19 or newer; this is ${process.version}.`);
  process.exit(1);
}

/** Newest modification time under the given paths (files or folders), ignoring build output. */
function newest(paths) {
  let max = 0;
  const walk = (p) => {
    if (!existsSync(p)) return;
    const st = statSync(p);
    if (st.isDirectory()) {
      for (const name of readdirSync(p)) if (name !== 'node_modules' && name !== 'dist') walk(path.join(p, name));
    } else if (!/\.test\.tsx?$/.test(p)) {
      max = Math.max(max, st.mtimeMs);
    }
  };
  paths.forEach((p) => walk(path.join(root, p)));
  return max;
}

function builtAt(file) {
  const p = path.join(root, file);
  return existsSync(p) ? statSync(p).mtimeMs : 0;
}

function run(workspace) {
  const r = spawnSync('npm', ['run', 'build', '-w', workspace], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const domain = ['packages/domain/src', 'packages/domain/package.json'];
if (builtAt('apps/web/dist/index.html') < newest(['apps/web/src', 'apps/web/index.html', 'apps/web/vite.config.ts', 'apps/web/public', ...domain])) {
  console.log('building the web app …');
  run('@canbao/web');
}
if (builtAt('apps/server/dist/main.js') < newest(['apps/server/src', 'apps/server/build.mjs', ...domain])) {
  console.log('building the server …');
  run('@canbao/server');
}

process.chdir(root);
const { SERVER_NODE_FLAGS, hasHeapCap } = await import('./node-flags.mjs');
if (hasHeapCap()) {
  await import(pathToFileURL(path.join(root, 'apps/server/dist/main.js')).href);
} else {
  // The server runs with its V8 flags (scripts/node-flags.mjs): one child process, signals passed on, its exit code ours.
  const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, path.join(root, 'apps/server/dist/main.js')], { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}
