// The editor page `/live/{cs}`: Monaco bound to the live Y.Text, the sandboxed preview, panels and toolbar.
import "./editor.css";
import type { Viewer } from "@live/shared";
import { rewriteConfig } from "@live/transpiler/config";
import { setupAccount } from "./account.ts";
import { setupCdnTypes } from "./cdn-types.ts";
import { setupChat } from "./chat.ts";
import { connect } from "./collab.ts";
import { loadFeatures, markRegistries } from "./features.ts";
import { embeddedDoc, handOver } from "./first-load.ts";
import { setupHistory } from "./history.ts";
import { setupLocalPreview } from "./local-preview.ts";
import { setupMonaco } from "./monaco-setup.ts";
import { setupPanels } from "./panels.ts";
import { afterFirstPaint, previewChannel } from "./preview-frame.ts";
import { setupPublish } from "./publish.ts";
import { setupToolbar } from "./toolbar.ts";

interface Config {
  codeSpace: string;
  /** The server's IMPORT_CDN: empty for the default pattern (and no types fetched). */
  importCdn: string;
  /** Who opened the page and their standing here (A10). */
  viewer: Viewer;
  assets: {
    "editor.worker": string;
    "ts.worker": string;
    "transpile.worker": string;
    types: string;
    features: string;
    "features.css"?: string;
  };
}

// bench/load: the modules are fetched, compiled and evaluated; the editor's own code starts here.
performance.mark("live:main");
const config = JSON.parse(document.getElementById("live-config")?.textContent ?? "{}") as Config;
const { codeSpace } = config;
// The page's inline script applied the theme before the first paint.
const theme = document.documentElement.dataset.theme === "light" ? "light" : "dark";
// U10: the codeSpace's document came with the page: the editor holds its code before any socket.
const embedded = embeddedDoc();

const frame = document.getElementById("preview") as HTMLIFrameElement;
const channel = previewChannel(frame, codeSpace);
const later = afterFirstPaint(frame, channel);

const monaco = setupMonaco(config.assets, later);
const model = monaco.editor.createModel(
  embedded.doc.getText("code").toString(),
  "typescript",
  monaco.Uri.parse(`file:///${codeSpace}/index.tsx`),
);
const editor = monaco.editor.create(document.getElementById("monaco") as HTMLElement, {
  model,
  theme: theme === "light" ? "vs" : "vs-dark",
  automaticLayout: true,
  fontSize: 14,
  lineHeight: 20,
  fontFamily: "'JetBrains Mono', 'Fira Code', ui-monospace, Menlo, monospace",
  minimap: { enabled: false },
  tabSize: 2,
  scrollBeyondLastLine: false,
  padding: { top: 12 },
  fixedOverflowWidgets: true,
});
const registered = markRegistries();
handOver(editor, monaco);

// Suggest, hover, find, the command palette...: with the TypeScript worker, after the preview's first paint.
const features = later.then(() =>
  loadFeatures(monaco, editor, registered, config.assets.features, config.assets["features.css"]).catch((err) => {
    console.error("Editor features did not load:", err);
  }),
);

const panels = setupPanels(monaco, editor, frame, channel);
const { provider } = connect(editor, codeSpace, embedded.doc, {
  status: document.getElementById("status") as HTMLElement,
  people: document.getElementById("people") as HTMLElement,
});
// The preview shows the page's state already; every change after it (typed here, or brought by the sync) is
// rendered locally.
setupLocalPreview({
  workerUrl: config.assets["transpile.worker"],
  frame,
  channel,
  onChange: (f) => model.onDidChangeContent(f),
  text: () => model.getValue(),
  later,
  importCdn: config.importCdn,
});
if (config.importCdn) {
  const add = (content: string, path: string) => monaco.typescript.typescriptDefaults.addExtraLib(content, path);
  setupCdnTypes(rewriteConfig(config.importCdn), model, add, later);
}
setupToolbar(editor, codeSpace, monaco, features);
setupHistory(monaco, editor, codeSpace, features);
setupPublish(codeSpace);
setupAccount(codeSpace, editor, config.viewer, provider).catch((err) =>
  console.error("Account controls did not load:", err),
);
const chat = setupChat(codeSpace, document.getElementById("chat") as HTMLElement);

// Transpile errors come with every session update on the JSON channel.
const follow = () => {
  const ws = new WebSocket(
    `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/live/${codeSpace}/websocket`,
  );
  ws.onmessage = (e) => {
    const m = JSON.parse(String(e.data)) as { type: string; errors?: { line: number; column: number; text: string }[] };
    if (m.type === "session-update" && m.errors) panels.setTranspileErrors(m.errors);
    chat.frame(m);
  };
  ws.onclose = () => setTimeout(follow, 1000);
};
follow();
panels.setTranspileErrors(embedded.errors);

// Exposed for the browser tests and benchmarks, which drive the editor the way a person would.
Object.assign(window, { liveEditor: editor, liveMonaco: monaco, liveFeatures: features });
