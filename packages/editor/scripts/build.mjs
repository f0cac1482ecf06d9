// Builds the browser code with native esbuild into packages/app/public/assets, content-hashed, and writes
// manifest.json (entry name -> URL) that the app Worker reads to render its pages.
// Bare imports of vendored packages (react, react-dom/client, ...) stay bare: the page's import map resolves
// them to /vendor, so the preview and the user's component share one React.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const here = dirname(fileURLToPath(import.meta.url));
const outDir = join(here, "../../app/public/assets");
const VENDORED = ["react", "react-dom", "react-dom/client", "react/jsx-runtime", "@emotion/react"];

rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });
const started = Date.now();
const result = await build({
  entryPoints: { preview: join(here, "../src/preview/main.ts") },
  bundle: true,
  format: "esm",
  target: "es2022",
  platform: "browser",
  minify: true,
  sourcemap: "linked",
  external: VENDORED,
  outdir: outDir,
  entryNames: "[name]-[hash]",
  metafile: true,
  logLevel: "warning",
});
const manifest = {};
for (const [file, out] of Object.entries(result.metafile.outputs)) {
  if (out.entryPoint && file.endsWith(".js"))
    manifest[basename(file).replace(/-[A-Z0-9]+\.js$/, "")] = `/assets/${basename(file)}`;
}
writeFileSync(join(outDir, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
console.log(`editor assets in ${Date.now() - started} ms: ${Object.keys(manifest).join(", ")}`);
