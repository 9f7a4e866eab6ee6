import { defineConfig } from 'vitest/config';

// Assets land in target/classes/cairn-ui/ so the jar carries them; cairn-server serves them at /.
export default defineConfig({
  base: '/',
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: {
    outDir: 'target/classes/cairn-ui',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 400,
  },
  server: {
    proxy: {
      '/api': 'http://127.0.0.1:5000',
      '/ajax-api': 'http://127.0.0.1:5000',
      '/get-artifact': 'http://127.0.0.1:5000',
    },
  },
  test: {
    include: ['src/test/web/**/*.test.ts'],
    environment: 'node',
  },
});
