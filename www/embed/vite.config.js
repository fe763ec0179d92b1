// Build of the embeddable viewer (www/dist/embed/):
//   cratemap-graph.js    <cratemap-graph> with live analysis; the engine is a lazy chunk
//   cratemap-viewer.js   (--mode viewer) the same element without the engine, one
//                        self-contained file that `cratemap export --format html` inlines
// Stable entry names, so pages can link them; everything is relative to the entry
// (import.meta.url), so the folder works wherever it is copied.
import { defineConfig } from 'vite';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const embedDir = dirname(fileURLToPath(import.meta.url));
const wwwDir = dirname(embedDir);

export default defineConfig(({ mode }) => {
  const viewerOnly = mode === 'viewer';
  const entry = viewerOnly ? 'cratemap-viewer' : 'cratemap-graph';
  return {
    root: embedDir,
    base: './',
    publicDir: false,
    worker: { format: 'es' },
    build: {
      outDir: join(wwwDir, 'dist', 'embed'),
      // The two modes write into the same folder: the first build empties it.
      emptyOutDir: !viewerOnly,
      target: 'es2022',
      chunkSizeWarningLimit: 2000,
      rollupOptions: {
        input: { [entry]: join(embedDir, `${entry}.js`) },
        preserveEntrySignatures: 'allow-extension',
        output: {
          entryFileNames: '[name].js',
          chunkFileNames: 'chunks/[name]-[hash].js',
          assetFileNames: 'assets/[name]-[hash][extname]',
          ...(viewerOnly ? { inlineDynamicImports: true } : {}),
        },
      },
    },
  };
});
