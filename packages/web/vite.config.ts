import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The server serves dist/ at '/'. During `npm run dev -w @citysoc/web`, Vite forwards /api to a running
// `citysoc serve` on its default port, so the session cookie stays same-origin in both setups.
// A default export, unlike the rest of the code base: Vite only reads a config file's default export.
export default defineConfig({
  plugins: [react()],
  base: '/',
  build: { outDir: 'dist', emptyOutDir: true },
  server: { proxy: { '/api': 'http://127.0.0.1:8080' } },
});
