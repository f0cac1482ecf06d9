import type { Diagnostic, Viewer } from "@live/shared";
import { bridgeHash } from "@live/shared/bridge";
import { highlightTsx } from "./highlight.ts";
import { escapeHtml, FAVICON, scriptJson, themeScript } from "./html.ts";

/** The codeSpace as the page carries it (rule U10). */
export interface PageState {
  update: Uint8Array;
  code: string;
  version: number;
  errors: Diagnostic[];
}

/** Base64 without a 1 MiB argument list (String.fromCharCode takes its bytes a chunk at a time). */
function base64(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/**
 * The code as the editor pane shows it until Monaco has rendered: read-only, highlighted, line numbers in a
 * gutter, at the place and in the font and line height Monaco then uses, so nothing moves when it takes over.
 */
function firstPaint(code: string): string {
  const lines = code.split("\n").length;
  const numbers = Array.from({ length: lines }, (_, i) => i + 1).join("\n");
  return `<div id="code-first" class="code-first" style="--digits:${Math.max(String(lines).length, 5)}"><pre class="cf-gutter" aria-hidden="true">${numbers}</pre><pre class="cf-code">${highlightTsx(code)}</pre></div>`;
}

/**
 * The editor page shell; everything interactive is the editor bundle (packages/editor/src/editor). The preview
 * iframe's URL is in the HTML, so the preview loads and paints while the editor bundle is still arriving; its
 * hash names this page's origin and a fresh bridge channel id (rule U4).
 */
export function editorPage(
  codeSpace: string,
  assets: Record<string, string>,
  origin: string,
  importCdn: string,
  state: PageState,
  /** The preview's render ticket (A13) and who is looking (their account controls need no request). */
  { ticket: renderTicket, viewer }: { ticket: string; viewer: Viewer },
  nonce: string,
): string {
  const doc = { update: base64(state.update), version: state.version, errors: state.errors };
  const config = {
    codeSpace,
    // The editor's own transpile rewrites imports as the server does; a set pattern also serves types (U5).
    importCdn,
    viewer,
    assets: {
      "editor.worker": assets["editor.worker"],
      "ts.worker": assets["ts.worker"],
      "transpile.worker": assets["transpile.worker"],
      types: assets.types,
      features: assets.features,
      "features.css": assets["features.css"],
    },
  };
  const cs = escapeHtml(codeSpace);
  // A13: the render ticket rides in the fragment, which no request carries (so no log sees it).
  const ticket = renderTicket ? `&ticket=${encodeURIComponent(renderTicket)}` : "";
  const preview = escapeHtml(`/live/${codeSpace}/${bridgeHash({ origin, id: crypto.randomUUID() })}${ticket}`);
  return `<!doctype html>
<html lang="en" data-theme="dark">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${cs} · live</title>
${FAVICON}
<link rel="stylesheet" href="${assets["editor.css"]}">
${themeScript(nonce)}
<script type="application/json" id="live-config">${scriptJson(config)}</script>
<script type="application/json" id="live-doc">${scriptJson(doc)}</script>
<script type="module" src="${assets.editor}"></script>
</head>
<body>
<header class="bar">
  <a class="logo" href="/"><i></i>live</a>
  <span class="cs" title="${cs}">${cs}</span>
  <span id="status" class="status" data-state="connecting">Connecting…</span>
  <div id="people" class="people"></div>
  <div class="spacer"></div>
  <nav class="tabs-mobile"><button data-tab="code">Code</button><button data-tab="preview">Preview</button></nav>
  <button id="btn-format" class="wide" title="Format (Shift+Alt+F)">Format</button>
  <button id="btn-history" class="wide">History</button>
  <button id="btn-download" class="wide" title="Download as one HTML file">Download</button>
  <button id="btn-publish" class="wide" title="Publish at a stable link">Publish</button>
  <button id="btn-open" class="wide" title="Open the preview in a new tab">Open ↗</button>
  <button id="btn-theme" title="Light or dark">◐</button>
  <button id="btn-fork">Fork</button>
  <button id="btn-share" class="primary">Share</button>
</header>
<main id="main" data-tab="code">
  <section class="pane code"><div id="monaco"></div>${firstPaint(state.code)}</section>
  <section class="pane preview">
    <div class="pane"><iframe id="preview" title="Preview" src="${preview}" sandbox="allow-scripts allow-forms allow-modals allow-popups"></iframe>
      <div id="overlay" hidden></div></div>
    <div id="dock" class="dock" data-dock="problems">
      <div class="dock-tabs"><button data-dock="problems">Problems<span id="problem-count"></span></button><button data-dock="console">Console</button><button data-dock="chat">Chat</button></div>
      <div id="problems"></div><div id="console"></div><div id="chat"></div>
    </div>
  </section>
</main>
<dialog id="share"><header><h2>Share this codeSpace</h2><button data-close>Close</button></header>
  <div class="body"><img id="share-qr" alt="QR code of the link" width="200" height="200"><input id="share-url" readonly><button id="share-copy" class="primary">Copy link</button></div></dialog>
<dialog id="history"><header><h2 id="history-title">History</h2><button id="history-restore">Restore this version</button><button id="history-close">Close</button></header>
  <div class="history-body"><div id="history-list"></div><div id="history-diff"></div></div></dialog>
<div id="toast" hidden></div>
</body>
</html>`;
}
