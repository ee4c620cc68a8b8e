import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// The client is served by `parley serve --web-root web/dist`, so the API is same-origin.
// `npm run dev` proxies the API to a server on PARLEY_DEV_API (default http://localhost:3000).
const api = process.env.PARLEY_DEV_API ?? 'http://localhost:3000';
const apiPrefixes = ['/auth', '/profile', '/groups', '/tags', '/nicknames', '/users', '/direct'];

export default defineConfig({
  plugins: [react()],
  // No source maps: production serves only what the browser runs.
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false },
  server: {
    proxy: {
      ...Object.fromEntries(apiPrefixes.map((p) => [p, { target: api }])),
      '/ws': { target: api, ws: true },
    },
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
  },
});
