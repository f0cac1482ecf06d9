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
 * What a TSX playground keeps of Monaco's full entry (esm/vs/index.js), in two parts.
 * MONACO_CORE is the editor itself: the TypeScript/JavaScript languages, the widget, its core commands. It is
 * in the page's first load. MONACO_FEATURES are the editing features of VS Code (suggest, hover, quick fixes,
 * rename, go to definition, find, folding, multi-cursor, line moves, the command palette, the diff editor's
 * actions): their own entry, loaded with the TypeScript worker after the preview's first paint and attached to
 * the editor that exists by then (src/editor/features.ts). Dropped: the other 80 languages, the CSS/HTML/JSON
 * language services, inline (AI) completions, sticky scroll, colour picker, code lens, inlay hints, semantic
 * tokens, paste-as/drop-into, the GPU renderer and other extras.
 */
const MONACO_CORE = [
  "languages/definitions/typescript/",
  "languages/definitions/javascript/",
  "languages/features/typescript/",
  "codeEditorWidget",
  "codicon",
  "editor/browser/coreCommands",
  "standaloneStrings",
];
const MONACO_FEATURES = [
  "diffEditor.contribution",
  "features/find/",
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

const kept = (line, list = [...MONACO_CORE, ...MONACO_FEATURES]) => list.some((k) => line.includes(k));
const monacoIndex = () => readFileSync(join(monacoVs, "index.js"), "utf8").split("\n");

/** Monaco's full entry reduced to MONACO_CORE and the API re-export: the editor page's `monaco-slim`. */
function monacoSlim() {
  const keep = (line) =>
    line.startsWith("export {") ? /editor\.api\.js|typescript/.test(line) : kept(line, MONACO_CORE);
  return monacoIndex().filter(keep).join("\n");
}

/** The side-effect imports of MONACO_FEATURES: the `features` entry. */
function monacoFeatures() {
  const imports = monacoIndex().filter((line) => line.startsWith("import '") && kept(line, MONACO_FEATURES));
  return [...imports, 'import "monaco-diff";'].join("\n");
}

/**
 * Monaco's worker client imports every editor feature again. It comes with the TypeScript mode, right after the
 * editor is created: features imported there would register after the editor exists, out of sight of
 * src/editor/features.ts ("depends on UNKNOWN service"). They come from the features entry instead.
 */
function monacoWorkers(path) {
  const feature = /^import '.*\/(contrib|standalone\/browser)\//;
  return readFileSync(path, "utf8")
    .split("\n")
    .filter((line) => !feature.test(line) || kept(line, MONACO_CORE))
    .join("\n");
}

/**
 * Parts of Monaco's core that the page's first load does without, cut at build time. Each pattern must match as
 * often as given, so a Monaco upgrade fails the build here instead of shipping them again (or breaking).
 */
function cut(text, pattern, replacement, times = 1) {
  const all = new RegExp(pattern.source, pattern.flags.includes("g") ? pattern.flags : `${pattern.flags}g`);
  const found = text.match(all)?.length ?? 0;
  if (found !== times) throw new Error(`monaco build: ${pattern} matched ${found} times, not ${times}`);
  return text.replace(all, replacement);
}
const refuse = (what) => `class { constructor() { throw new Error("${what} is not in this build"); } }`;
/** The two-file diff editor (History), moved from the standalone editor module into the features entry. */
const DIFF_CLASS = /^let StandaloneDiffEditor2 = class [\s\S]*?^\], StandaloneDiffEditor2\);$/m;
const MONACO_STUBS = {
  // The GPU renderer: only with the option experimentalGpuAcceleration "on", which the editor never sets.
  "editor/browser/view.js": (t) =>
    cut(
      t,
      /^import \{ (ViewGpuContext|ViewLinesGpu|RulersGpu|GpuMarkOverlay) \} from .*$/m,
      "const $1 = undefined;",
      4,
    ),
  // The multi-file diff editor (History uses the two-file one).
  "editor/standalone/browser/standaloneEditor.js": (t) =>
    cut(
      t,
      /^import \{ MultiDiffEditorWidget \} from .*$/m,
      `const MultiDiffEditorWidget = ${refuse("the multi-file diff editor")};`,
    ),
  // Tree-sitter tokens: the standalone tree-sitter service supports no language; Monarch tokenizes.
  "editor/common/model/tokens/tokenizationTextModelPart.js": (t) =>
    cut(
      t,
      /^import \{ TreeSitterSyntaxTokenBackend \} from .*$/m,
      `const TreeSitterSyntaxTokenBackend = ${refuse("tree-sitter")};`,
    ),
  // Confusable-character tables of the Unicode highlighter, a feature this build does not ship.
  "base/common/strings.js": (t) =>
    cut(t, /(ambiguousCharacterData = new Lazy\(\(\) => \{[\s\S]*?return JSON\.parse\(')[^']*'/, "$1{}'"),
  // The TypeScript mode (its language features and the shared chunks they import) loads once the page says so:
  // monaco.typescript.deferMode(later), called before the first model; its worker waits for `later` anyway.
  "languages/features/typescript/register.js": (t) => {
    const out = cut(
      t,
      /^function getMode\(\) \{\n {2}return import\('\.\/tsMode\.js'\);\n\}$/m,
      `let modeGate = Promise.resolve();
function deferMode(gate) { modeGate = gate; }
function getMode() { return modeGate.then(() => import('./tsMode.js')); }`,
    );
    return cut(out, /^export \{ (.*) \};$/m, "export { $1, deferMode };");
  },
  // monaco.editor.createDiffEditor works once the features entry (which holds monaco-diff) has loaded.
  "editor/standalone/browser/standaloneCodeEditor.js": (t) => {
    let out = cut(t, /^import \{ DiffEditorWidget \} from .*$/m, "");
    out = cut(
      out,
      DIFF_CLASS,
      `let StandaloneDiffEditor2 = ${refuse("the diff editor, before the editor features load,")};
function setStandaloneDiffEditor(c) { StandaloneDiffEditor2 = c; }`,
    );
    return cut(out, /^export \{ (.*) \};$/m, "export { $1, setStandaloneDiffEditor };");
  },
};

/** The diff editor class cut from standaloneCodeEditor.js, with that module's imports and decorators. */
function monacoDiff() {
  const source = readFileSync(join(monacoVs, "editor/standalone/browser/standaloneCodeEditor.js"), "utf8");
  const imports = source.split("\n").filter((line) => line.startsWith("import "));
  const helpers = source.slice(source.indexOf("var __decorate"), source.indexOf("let LAST_GENERATED_COMMAND_ID"));
  const [diffClass] = source.match(DIFF_CLASS) ?? [];
  if (!diffClass || !helpers) throw new Error("monaco build: the diff editor class was not found");
  return [
    ...imports,
    "import { setStandaloneDiffEditor, StandaloneCodeEditor } from './standaloneCodeEditor.js';",
    helpers,
    diffClass,
    "setStandaloneDiffEditor(StandaloneDiffEditor2);",
  ].join("\n");
}

function stubbed(path) {
  return MONACO_STUBS[relative(monacoVs, path).replaceAll("\\", "/")](readFileSync(path, "utf8"));
}

const plugins = [
  {
    name: "monaco",
    setup(b) {
      const virtual = {
        "monaco-slim": [monacoSlim, monacoVs],
        "monaco-features": [monacoFeatures, monacoVs],
        "monaco-diff": [monacoDiff, join(monacoVs, "editor/standalone/browser")],
      };
      b.onResolve({ filter: /^monaco-(slim|features|diff)$/ }, (args) => ({ path: args.path, namespace: "monaco" }));
      b.onLoad({ filter: /.*/, namespace: "monaco" }, (args) => {
        const [contents, resolveDir] = virtual[args.path];
        return { contents: contents(), resolveDir };
      });
      // Monaco's registries, for attaching the late features to the editor (src/editor/features.ts).
      b.onResolve({ filter: /^monaco-internal\// }, (args) => ({
        path: join(monacoVs, args.path.slice("monaco-internal/".length)),
      }));
      b.onLoad({ filter: /esm[\\/]vs[\\/]internal[\\/]common[\\/]workers\.js$/ }, (args) => ({
        contents: monacoWorkers(args.path),
      }));
      const stubFiles = new RegExp(`(${Object.keys(MONACO_STUBS).join("|").replaceAll(".", "\\.")})$`);
      b.onLoad({ filter: stubFiles }, (args) => ({ contents: stubbed(args.path) }));
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

// Emptied, not replaced: a running dev server watches this directory and would lose it.
mkdirSync(outDir, { recursive: true });
for (const entry of readdirSync(outDir)) rmSync(join(outDir, entry), { recursive: true, force: true });
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
    features: "monaco-features",
    "editor.worker": join(monacoVs, "editor/editor.worker.js"),
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
