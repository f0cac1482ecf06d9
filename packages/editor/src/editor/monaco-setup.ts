// Monaco with TypeScript/TSX: web workers from our own origin, React's types offline (rule U5). The TypeScript
// mode, its worker (6.7 MB) and the types (1.2 MB) wait until `later` resolves: the preview's first paint first.
import * as monaco from "monaco-slim";

interface Assets {
  "editor.worker": string;
  "ts.worker": string;
  types: string;
}

export function setupMonaco(assets: Assets, later: Promise<void>): typeof monaco {
  // Monaco starts its editor worker on first need, which can be while the network is gone: one is started
  // after the first paint (its files then come from the cache too) and handed out first.
  let editorWorker: Worker | null = null;
  let started = false;
  const startEditorWorker = () => {
    started = true;
    return new Worker(assets["editor.worker"], { type: "module" });
  };
  later.then(() => {
    if (!started) editorWorker = startEditorWorker();
  });
  (self as unknown as { MonacoEnvironment: unknown }).MonacoEnvironment = {
    getWorker(_id: string, label: string) {
      if (label !== "typescript" && label !== "javascript") {
        const worker = editorWorker ?? startEditorWorker();
        editorWorker = null;
        return worker;
      }
      return later.then(() => new Worker(assets["ts.worker"], { type: "module" }));
    },
  };
  const ts = monaco.typescript;
  // The TypeScript mode too (scripts/build.mjs adds deferMode): the first load is the editor and the preview.
  (ts as typeof ts & { deferMode(gate: Promise<void>): void }).deferMode(later);
  ts.typescriptDefaults.setCompilerOptions({
    target: ts.ScriptTarget.ES2020,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.NodeJs,
    jsx: ts.JsxEmit.ReactJSX,
    // As the transpiler does (TRANSFORM_OPTIONS): Emotion's JSX, so the `css` prop type-checks.
    jsxImportSource: "@emotion/react",
    allowNonTsExtensions: true,
    allowSyntheticDefaultImports: true,
    esModuleInterop: true,
    strict: true,
    skipLibCheck: true,
  });
  // Packages served from a CDN have no types here: do not flag their imports.
  ts.typescriptDefaults.setDiagnosticsOptions({ diagnosticCodesToIgnore: [2307, 2792, 7016] });
  later
    .then(() => fetch(assets.types))
    .then((r) => r.json() as Promise<Record<string, string>>)
    .then((files) => {
      for (const [path, content] of Object.entries(files)) ts.typescriptDefaults.addExtraLib(content, path);
    })
    .catch((err) => console.warn("React types are not available:", err));
  return monaco;
}

export type Monaco = typeof monaco;
