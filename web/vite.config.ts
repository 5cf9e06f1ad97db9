import { defineConfig } from 'vitest/config';

// The Java service serves dist/ at "/" and answers /api and /ws itself.
// During `npm run dev` the dev server forwards those to a locally running service, and
// /v3/api-docs too: the webhooks page reads the event types from it.
const backend = process.env.DARKROOM_URL ?? 'http://localhost:8080';

export default defineConfig({
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022' },
  server: {
    proxy: {
      '/api': { target: backend, changeOrigin: true },
      '/v3/api-docs': { target: backend, changeOrigin: true },
      '/ws': { target: backend, ws: true, changeOrigin: true },
    },
  },
  preview: {
    proxy: {
      '/api': { target: backend, changeOrigin: true },
      '/v3/api-docs': { target: backend, changeOrigin: true },
      '/ws': { target: backend, ws: true, changeOrigin: true },
    },
  },
  test: { include: ['src/**/*.test.ts'], environment: 'node' },
});
