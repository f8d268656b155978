/**
 * The console's build: a single-page app under /console/, built into
 * console/dist and served by the Express server (src/console/console.routes.ts).
 * `npm run console:dev` serves it with hot reload and passes /api to a server on :3000.
 */
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * Replaced by the server with a fresh nonce on every page load (the CSP names it; antd's styles carry it);
 * src/console/console.routes.ts knows the same text.
 */
const CSP_NONCE_PLACEHOLDER = 'fapiao-hub-csp-nonce';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/console/',
  plugins: [react()],
  html: { cspNonce: CSP_NONCE_PLACEHOLDER },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // antd and React together are about 1.5 MB minified; the pages are split off by route.
    chunkSizeWarningLimit: 2048,
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:3000' },
  },
});
