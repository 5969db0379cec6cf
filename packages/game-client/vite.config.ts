import { defineConfig } from 'vite';

// `pnpm dev` proxies the API and Socket.IO to a local game server on :3000.
export default defineConfig({
  server: {
    port: 5173,
    proxy: {
      '/api': 'http://127.0.0.1:3000',
      '/socket.io': { target: 'ws://127.0.0.1:3000', ws: true },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Phaser alone is ~1.4 MB minified (~360 kB gzip); it is its own chunk, loaded on the first join.
    chunkSizeWarningLimit: 1500,
  },
});
