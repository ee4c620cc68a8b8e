import { readFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { parse } from 'yaml';

// The client is served by `parley serve --web-root web/dist`, so the API is same-origin.
// `npm run dev` proxies the API to a server on PARLEY_DEV_API (default http://localhost:3000):
// every first path segment of docs/openapi.yaml, which the server's API suite checks against
// its router, so no route can be missing here.
const api = process.env.PARLEY_DEV_API ?? 'http://localhost:3000';
const spec = parse(readFileSync(new URL('../docs/openapi.yaml', import.meta.url), 'utf8')) as {
  paths: Record<string, unknown>;
};
export const apiPrefixes = [...new Set(Object.keys(spec.paths).map((p) => '/' + p.split('/')[1]))];

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
