import { fileURLToPath } from 'node:url'
import vue from '@vitejs/plugin-vue'
import { VantResolver } from '@vant/auto-import-resolver'
import Components from 'unplugin-vue-components/vite'
import { defineConfig } from 'vitest/config'

const webRoot = fileURLToPath(new URL('./web', import.meta.url))

export default defineConfig({
  root: webRoot,
  resolve: { alias: { '@': fileURLToPath(new URL('./web/src', import.meta.url)) } },
  plugins: [
    vue(),
    // Vant components and their CSS on demand: the sidebar's first load stays small.
    Components({ resolvers: [VantResolver()], dts: false, dirs: [] }),
  ],
  build: {
    outDir: fileURLToPath(new URL('./dist/web', import.meta.url)),
    emptyOutDir: true,
    target: 'es2020',
    // The supervisor's charts (ECharts, ~580 KB, ~200 KB gzipped) are one lazy chunk loaded only
    // by /supervisor; the sidebar's initial JS is measured by `npm run bench`.
    chunkSizeWarningLimit: 700,
  },
  server: {
    proxy: { '/api': 'http://localhost:3000' },
  },
  test: {
    root: fileURLToPath(new URL('.', import.meta.url)),
    projects: [
      {
        extends: true,
        test: { name: 'node', environment: 'node', include: ['bff/**/*.test.ts', 'db/**/*.test.ts'] },
      },
      {
        extends: true,
        test: { name: 'web', environment: 'happy-dom', include: ['web/**/*.test.ts'], setupFiles: ['web/src/testing/setup.ts'] },
      },
    ],
  },
})
