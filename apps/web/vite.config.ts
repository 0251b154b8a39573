import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** `/x/node_modules/@scope/name/es/a.js` → `@scope/name` (the innermost package). */
function packageName(id: string): string | undefined {
  const path = id.replace(/\\/g, '/');
  const at = path.lastIndexOf('/node_modules/');
  if (at < 0) return undefined;
  const [first = '', second = ''] = path.slice(at + '/node_modules/'.length).split('/');
  return first.startsWith('@') ? `${first}/${second}` : first;
}

const REACT = new Set(['react', 'react-dom', 'scheduler', 'react-router', 'cookie', 'set-cookie-parser']);
const DATA = new Set(['@tanstack/query-core', '@tanstack/react-query', 'zod']);

// Vendor code changes far less often than ours: keep it in a few long-cached chunks. AntD's components
// and the libraries under them (rc-component, cssinjs, icons, dayjs …) are two chunks; the libraries never
// import antd back, so there is no cycle between them.
function vendorChunk(id: string): string | undefined {
  const name = packageName(id);
  if (!name) return undefined;
  if (REACT.has(name)) return 'react';
  if (DATA.has(name)) return 'data';
  if (name === 'antd') return 'antd';
  return 'antd-deps';
}

export default defineConfig({
  plugins: [react()],
  server: {
    port: 5173,
    proxy: {
      '/api': { target: 'http://127.0.0.1:3000', changeOrigin: false },
    },
  },
  preview: {
    proxy: {
      '/api': { target: 'http://127.0.0.1:3000', changeOrigin: false },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The antd chunk (all of AntD's components the app uses, ~150 kB gzipped) is just over Vite's 500 kB
    // default; it is one long-cached vendor file, and splitting it further only adds requests.
    chunkSizeWarningLimit: 600,
    rollupOptions: {
      output: { manualChunks: vendorChunk },
      onwarn(warning, warn) {
        // zod's sources carry /*@__PURE__*/ comments Rollup cannot place; harmless and not ours to fix.
        if (warning.code === 'INVALID_ANNOTATION' && warning.id?.includes('node_modules')) return;
        warn(warning);
      },
    },
  },
});
