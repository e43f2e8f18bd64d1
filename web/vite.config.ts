// The console's build: `vite build web` (npm run build:web) writes web/dist, which the API
// server serves at `/`. JSX compiles to Preact's automatic runtime; no framework plugin needed.
import { defineConfig } from 'vite';

export default defineConfig({
  base: '/',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Cytoscape alone is ~400 kB minified; one lazy chunk for the graph page keeps the first load small.
    chunkSizeWarningLimit: 1024,
  },
  // `vite web` for development: the API on :8080 answers /api through the dev server.
  server: { proxy: { '/api': 'http://127.0.0.1:8080' } },
});
