import react from '@vitejs/plugin-react';

// A default export, unlike the rest of the code base: Vite only reads a config file's default export.
// A plain object rather than `defineConfig(...)`: the workspace holds two Vites (7 for this package, 8 hoisted
// for vitest) and @vitejs/plugin-react resolves the hoisted one's types, so defineConfig's Plugin type and
// react()'s differ although they work together at run time. One Vite version in the workspace would allow
// defineConfig again.
//
// The server serves dist/ at '/', and during `npm run dev -w @citysoc/web` Vite forwards /api to a running
// `citysoc serve` on its default port, so the session cookie stays same-origin in both setups.
export default {
  plugins: [react()],
  base: '/',
  build: { outDir: 'dist', emptyOutDir: true },
  server: { proxy: { '/api': 'http://127.0.0.1:8080' } },
};
