import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

/**
 * The console is served by the API at /app (src/console/), so every asset URL starts there. The
 * manifest lets the bundle-size benchmark find the initial chunks; `vite dev` proxies the API.
 */
export default defineConfig({
  base: '/app/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    manifest: true,
    sourcemap: false,
    // Hashed names: served with a year of immutable caching, index.html with none.
    assetsDir: 'assets',
  },
  server: {
    proxy: {
      '/v1': 'http://127.0.0.1:3000',
      '/auth': 'http://127.0.0.1:3000',
    },
  },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
});
