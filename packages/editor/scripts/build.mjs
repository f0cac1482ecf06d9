// Builds the browser code with native esbuild into packages/app/public/assets, content-hashed, and writes
// manifest.json (entry name -> URL, plus the editor's CSS) that the app Worker reads to render its pages.
// - preview: the runtime of /live/{cs}/; vendored packages stay bare (the page's import map resolves them).
// - editor: Monaco (only the TS/JS, CSS, HTML and JSON languages) + y-monaco + y-websocket.
// - editor.worker / ts.worker: Monaco's web workers, loaded lazily by the editor.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

const here = dirname(fileURLToPath(import.meta.url));
const outDir = join(here, "../../app/public/assets");
const require = createRequire(join(here, "../package.json"));
// The package exports no package.json: find its root from the CommonJS entry (min/vs/index.js).
const monacoVs = join(dirname(require.resolve("monaco-editor")), "../../esm/vs");
const VENDORED = ["react", "react-dom", "react-dom/client", "react/jsx-runtime", "@emotion/react"];
/**
 * What a TSX playground keeps of Monaco's full entry (esm/vs/index.js): the TypeScript/JavaScript languages and
 * the editing features of VS Code (suggest, hover, quick fixes, rename, go to definition, find, folding,
 * multi-cursor, line moves, the command palette, the diff editor). Dropped: the other 80 languages, the
 * CSS/HTML/JSON language services, inline (AI) completions, sticky scroll, colour picker, code lens, inlay
 * hints, semantic tokens, paste-as/drop-into, the GPU renderer and other extras: 450 KB gzip of the first load.
 */
const MONACO_KEEP = [
  "languages/definitions/typescript/",
  "languages/definitions/javascript/",
  "languages/features/typescript/",
  "codeEditorWidget",
  "codicon",
  "diffEditor.contribution",
  "features/find/",
  "editor/browser/coreCommands",
  "standaloneStrings",
  ...[
    "bracketMatching",
    "caretOperations",
    "clipboard",
    "codeAction",
    "comment",
    "contextmenu",
    "cursorUndo",
    "dnd",
    "documentSymbols",
    "find",
    "folding",
    "format",
    "gotoError",
    "gotoSymbol",
    "hover",
    "indentation",
    "lineSelection",
    "linesOperations",
    "multicursor",
    "parameterHints",
    "readOnlyMessage",
    "rename",
    "smartSelect",
    "snippet",
    "suggest/browser/suggestController",
    "tokenization",
    "wordHighlighter",
    "wordOperations",
    "wordPartOperations",
  ].map((name) => `editor/contrib/${name}`),
  ...["GotoLine", "Commands", "Help", "GotoSymbol"].map((name) => `quickAccess/standalone${name}QuickAccess`),
  "referenceSearch",
];

const kept = (line) => MONACO_KEEP.some((k) => line.includes(k));

/** Monaco's full entry reduced to MONACO_KEEP (and the API re-export), for scripts/build.mjs' esbuild run. */
function monacoSlim() {
  const index = readFileSync(join(monacoVs, "index.js"), "utf8");
  const keep = (line) => (line.startsWith("export {") ? /editor\.api\.js|typescript/.test(line) : kept(line));
  return index.split("\n").filter(keep).join("\n");
}

/**
 * Monaco's worker client imports every editor feature again; loaded lazily with the TypeScript mode, those
 * would register services after the editor exists ("depends on UNKNOWN service"). It gets the same allowlist.
 */
function monacoWorkers(path) {
  const feature = /^import '.*\/(contrib|standalone\/browser)\//;
  return readFileSync(path, "utf8")
    .split("\n")
    .filter((line) => !feature.test(line) || kept(line))
    .join("\n");
}

const plugins = [
  {
    name: "monaco",
    setup(b) {
      b.onResolve({ filter: /^monaco-slim$/ }, () => ({ path: "monaco-slim", namespace: "monaco-slim" }));
      b.onLoad({ filter: /.*/, namespace: "monaco-slim" }, () => ({ contents: monacoSlim(), resolveDir: monacoVs }));
      b.onLoad({ filter: /esm[\\/]vs[\\/]internal[\\/]common[\\/]workers\.js$/ }, (args) => ({
        contents: monacoWorkers(args.path),
      }));
      // y-monaco imports the editor API by a path the package's exports map does not expose.
      b.onResolve({ filter: /^monaco-editor\/esm\/vs\/editor\/editor\.api\.js$/ }, () => ({
        path: join(monacoVs, "editor/editor.api.js"),
      }));
    },
  },
];

/** Where a package is installed (its exports map may not expose package.json). */
function packageRoot(pkg) {
  for (const dir of require.resolve.paths(pkg) ?? [])
    if (existsSync(join(dir, pkg, "package.json"))) return join(dir, pkg);
  throw new Error(`${pkg} is not installed`);
}

/**
 * The TypeScript declarations of the vendored packages, for IntelliSense offline (rule U5). Monaco's TypeScript
 * resolves like node10 over a virtual node_modules of these files and reads no package.json, so a package (or
 * subpath) whose package.json points "types" elsewhere gets an index.d.ts that re-exports from there.
 */
function typeBundle() {
  const files = {};
  const add = (pkg, rel, text = readFileSync(join(packageRoot(pkg), rel), "utf8")) => {
    files[`file:///node_modules/${pkg}/${rel}`] = text;
  };
  for (const rel of ["index.d.ts", "global.d.ts", "jsx-runtime.d.ts", "jsx-dev-runtime.d.ts"]) add("@types/react", rel);
  for (const rel of ["index.d.ts", "client.d.ts"]) add("@types/react-dom", rel);
  add("csstype", "index.d.ts");
  const emotion = { react: ["", "jsx-runtime", "jsx-dev-runtime"], styled: [""], serialize: [""], cache: [""] };
  for (const [name, entries] of Object.entries({ ...emotion, utils: [""], sheet: [""] })) {
    const pkg = `@emotion/${name}`;
    const root = packageRoot(pkg);
    for (const rel of declarations(root)) add(pkg, rel);
    for (const sub of entries) {
      const types = JSON.parse(readFileSync(join(root, sub, "package.json"), "utf8")).types;
      const from = dirname(join(sub, types));
      const stub = readFileSync(join(root, sub, types), "utf8").replace(/from "(\.[^"]+)"/g, (_, spec) => {
        const path = relative(sub, join(from, spec)).replaceAll("\\", "/");
        return `from "${path.startsWith(".") ? path : `./${path}`}"`;
      });
      add(pkg, join(sub, "index.d.ts"), stub.replace(/\/\/# sourceMappingURL=.*/, ""));
    }
  }
  return files;
}

/** The .d.ts files a package ships under dist/declarations and types/. */
function declarations(root) {
  const out = [];
  const walk = (rel) => {
    for (const entry of readdirSync(join(root, rel), { withFileTypes: true })) {
      const path = join(rel, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith(".d.ts")) out.push(path.replaceAll("\\", "/"));
    }
  };
  for (const dir of ["dist/declarations", "types"]) if (existsSync(join(root, dir))) walk(dir);
  return out;
}

rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });
const started = Date.now();
const common = {
  bundle: true,
  format: "esm",
  target: "es2022",
  platform: "browser",
  minify: true,
  external: VENDORED,
  outdir: outDir,
  entryNames: "[name]-[hash]",
  assetNames: "[name]-[hash]",
  metafile: true,
  logLevel: "warning",
};
// The preview runtime is one file: the preview's first paint waits for no chunk discovered after it.
const preview = await build({ ...common, entryPoints: { preview: join(here, "../src/preview/main.ts") } });
const result = await build({
  ...common,
  entryPoints: {
    editor: join(here, "../src/editor/main.ts"),
    "editor.worker": join(monacoVs, "editor/editor.worker.start.js"),
    "ts.worker": join(monacoVs, "language/typescript/ts.worker.js"),
    "transpile.worker": join(here, "../src/editor/transpile.worker.ts"),
  },
  splitting: true,
  chunkNames: "chunk-[hash]",
  loader: { ".ttf": "file", ".wasm": "file" },
  plugins,
});
const manifest = {};
for (const [file, out] of [...Object.entries(preview.metafile.outputs), ...Object.entries(result.metafile.outputs)]) {
  if (!out.entryPoint || !file.endsWith(".js")) continue;
  const name = basename(file).replace(/-[A-Z0-9]+\.js$/, "");
  manifest[name] = `/assets/${basename(file)}`;
  if (out.cssBundle) manifest[`${name}.css`] = `/assets/${basename(out.cssBundle)}`;
}
const types = JSON.stringify(typeBundle());
const typesFile = `types-${createHash("sha256").update(types).digest("hex").slice(0, 10)}.json`;
writeFileSync(join(outDir, typesFile), types);
manifest.types = `/assets/${typesFile}`;
writeFileSync(join(outDir, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
console.log(`editor assets in ${Date.now() - started} ms: ${Object.keys(manifest).join(", ")}`);
console.log(`editor page, initial JS: ${(initialGzip(result.metafile, "editor") / 1024).toFixed(0)} KB gzip`);

/** The gzip size of an entry and every chunk it imports statically: what its page loads before it runs. */
function initialGzip(metafile, entry) {
  const start = Object.keys(metafile.outputs).find((f) => basename(f).startsWith(`${entry}-`) && f.endsWith(".js"));
  const seen = new Set();
  const visit = (file) => {
    if (seen.has(file) || !metafile.outputs[file]) return;
    seen.add(file);
    for (const i of metafile.outputs[file].imports) if (i.kind === "import-statement") visit(i.path);
  };
  visit(start);
  return [...seen].reduce((n, file) => n + gzipSync(readFileSync(file)).length, 0);
}
