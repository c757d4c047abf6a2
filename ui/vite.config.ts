/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The backend `make run` starts; `npm run dev` proxies the API and the hub to it.
const backend = process.env.MESHDOCK_BACKEND ?? 'http://127.0.0.1:7788';

export default defineConfig({
  plugins: [react()],
  // Docker Desktop serves the extension's UI as files from its `/ui` folder: asset URLs must be relative.
  base: './',
  build: {
    outDir: 'dist',
    chunkSizeWarningLimit: 600,
  },
  server: {
    proxy: {
      '/api': backend,
      '/hubs': { target: backend, ws: true },
    },
  },
  test: {
    environment: 'jsdom',
    globals: true,
    // integration/ starts the real backend (built by `make backend-build`); e2e/ has its own config.
    include: ['src/**/*.test.{ts,tsx}', 'integration/**/*.test.ts'],
    setupFiles: ['./src/test/setup.ts'],
    restoreMocks: true,
    // MUI under jsdom is slow on a busy 2-core machine; the first lazy page import alone can take seconds.
    testTimeout: 30_000,
    // Docker's two packages ship ES modules without saying so (a `browser` field only, `type: commonjs`): let Vite
    // transform them for Node as it does for the browser bundle.
    alias: { '@docker/extension-api-client': '@docker/extension-api-client/dist/index.js' },
    server: { deps: { inline: ['@docker/docker-mui-theme', '@docker/extension-api-client'] } },
  },
});
