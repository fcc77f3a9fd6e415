import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Relative base so the built site works from any sub-path of any static host.
export default defineConfig({
  base: './',
  plugins: [react()],
  build: { target: 'es2022', sourcemap: true },
});
