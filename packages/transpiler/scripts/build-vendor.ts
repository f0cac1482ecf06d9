// Pre-bundles the vendor packages (packages/shared/src/vendor.ts) with native esbuild into ESM static assets
// in packages/app/public/vendor, and writes manifest.json: the import map and the package versions.
// All entries are built in ONE esbuild run with code splitting, so shared code (React itself, Emotion's
// theme context and cache) lives in shared chunks: one React and one Emotion for every vendor module.
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, dirname, join } from "node:path";
import { TAILWIND_SCRIPT, VENDOR, type VendorManifest, vendorSlug } from "@live/shared";
import { build, type Plugin } from "esbuild";

// run-ts.mjs puts the source path of this script in argv[1] (import.meta.url is the bundled copy).
const here = dirname(process.argv[1] as string);
const outDir = join(here, "../../app/public/vendor");
const require = createRequire(join(here, "../package.json"));

const version = (pkg: string): string =>
  (JSON.parse(readFileSync(require.resolve(`${pkg}/package.json`), "utf8")) as { version: string }).version;

/** Re-exports a package as real ESM. CommonJS packages (React) need their export names listed explicitly. */
function entrySource(specifier: string): string {
  const mod = require(specifier) as Record<string, unknown>;
  const names = Object.keys(mod).filter((k) => k !== "default" && k !== "__esModule" && /^[A-Za-z_$][\w$]*$/.test(k));
  const lines = [`import * as ns from ${JSON.stringify(specifier)};`];
  if (names.length) lines.push(`export const { ${names.join(", ")} } = ns;`);
  // A plain CommonJS module's default is module.exports itself (`import React from "react"`).
  if (!mod.__esModule || "default" in mod) lines.push("export default ns.default;");
  return lines.join("\n");
}

const entries: Plugin = {
  name: "vendor-entries",
  setup(b) {
    b.onResolve({ filter: /^vendor-entry:/ }, (a) => ({ path: a.path.slice(13), namespace: "vendor-entry" }));
    b.onLoad({ filter: /.*/, namespace: "vendor-entry" }, (a) => ({
      contents: entrySource(a.path),
      resolveDir: join(here, ".."),
      loader: "js",
    }));
  },
};

// Emptied, not replaced: a running dev server watches this directory and would lose it.
mkdirSync(outDir, { recursive: true });
for (const entry of readdirSync(outDir)) rmSync(join(outDir, entry), { recursive: true, force: true });
const started = Date.now();
const result = await build({
  entryPoints: Object.fromEntries(VENDOR.map((v) => [vendorSlug(v.specifier), `vendor-entry:${v.specifier}`])),
  bundle: true,
  splitting: true,
  format: "esm",
  target: "es2022",
  platform: "browser",
  minify: true,
  define: { "process.env.NODE_ENV": '"production"' },
  outdir: outDir,
  entryNames: "[name]-[hash]",
  chunkNames: "chunk-[hash]",
  outExtension: { ".js": ".mjs" },
  metafile: true,
  plugins: [entries],
  logLevel: "warning",
});

const manifest: VendorManifest = { imports: {}, tailwind: "", files: [], versions: {} };
for (const [file, out] of Object.entries(result.metafile.outputs)) {
  manifest.files.push(`/vendor/${basename(file)}`);
  const entry = out.entryPoint?.replace(/^vendor-entry:/, "");
  if (entry) manifest.imports[entry] = `/vendor/${basename(file)}`;
}
for (const v of VENDOR) manifest.versions[v.pkg] = version(v.pkg);
manifest.versions[TAILWIND_SCRIPT.pkg] = version(TAILWIND_SCRIPT.pkg);
// No "@" in the name: an escaped and an unescaped spelling of one URL would be fetched twice.
const tailwindFile = `tailwindcss-browser-${manifest.versions[TAILWIND_SCRIPT.pkg]}.js`;
copyFileSync(require.resolve(TAILWIND_SCRIPT.pkg), join(outDir, tailwindFile));
manifest.tailwind = `/vendor/${tailwindFile}`;
writeFileSync(join(outDir, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
console.log(`vendor: ${VENDOR.length} modules + tailwind in ${Date.now() - started} ms`);
