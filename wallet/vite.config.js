// Builds the wallet's single-page app (wallet/web) into wallet/dist-web, which the wallet
// service serves. Preact with JSX through Vite's own oxc transform (no plugin needed).
import { defineConfig } from 'vite';

export default defineConfig({
  root: 'web',
  base: '/',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: { outDir: '../dist-web', emptyOutDir: true, sourcemap: true, target: 'es2022' },
  server: {
    // `npm run dev -w wallet`: the API comes from the running wallet service.
    proxy: {
      '/api': 'http://127.0.0.1:3000',
      '/auth': 'http://127.0.0.1:3000',
      '/oid4vci': 'http://127.0.0.1:3000',
    },
  },
});
