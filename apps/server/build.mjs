// Bundles the server and the shared domain package (TypeScript source) into dist/main.js (and dist/sheet-worker.js). Third-party packages
// stay external and load from node_modules, so PGlite's WebAssembly files and swagger-ui's assets are found.
import { readFileSync } from 'node:fs';
import { build } from 'esbuild';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
const external = Object.keys(pkg.dependencies).filter((name) => !name.startsWith('@canbao/'));

// Two entry points: the server, and the worker thread that reads an uploaded file (modules/imports/sheet-reading.ts
// starts dist/sheet-worker.js next to dist/main.js).
await build({
  entryPoints: {
    main: new URL('./src/main.ts', import.meta.url).pathname,
    'sheet-worker': new URL('./src/modules/imports/sheet-worker.ts', import.meta.url).pathname,
  },
  outdir: new URL('./dist', import.meta.url).pathname,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  external,
  logLevel: 'warning',
});
console.log('server built: apps/server/dist/main.js, apps/server/dist/sheet-worker.js');
