// Runs a TypeScript script with Node 20: bundles it (dependencies stay external) with esbuild, then imports it.
// Usage: node scripts/run-ts.mjs path/to/script.ts [args...]
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";

const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  console.error("usage: node scripts/run-ts.mjs <script.ts> [args...]");
  process.exit(2);
}
// Inside the repository, so that the bundle's external imports resolve from node_modules.
const cache = fileURLToPath(new URL("../node_modules/.cache/run-ts/", import.meta.url));
mkdirSync(cache, { recursive: true });
const dir = mkdtempSync(cache);
const outfile = join(dir, "script.mjs");
await build({
  entryPoints: [resolve(entry)],
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  outfile,
  // npm packages stay external; workspace packages (@live/*) are TypeScript sources, so they are bundled.
  plugins: [
    {
      name: "externals",
      setup(b) {
        b.onResolve({ filter: /^[^./]/ }, (a) => (a.path.startsWith("@live/") ? undefined : { external: true }));
        // Plain JS modules of the repository run as themselves (they locate files from import.meta.url).
        b.onResolve({ filter: /\.mjs$/ }, (a) => ({
          path: pathToFileURL(resolve(a.resolveDir, a.path)).href,
          external: true,
        }));
      },
    },
  ],
  logLevel: "warning",
});
process.argv = [process.argv[0], resolve(entry), ...args];
try {
  await import(pathToFileURL(outfile).href);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
