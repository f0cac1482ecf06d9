// The preview runtime (`/live/{cs}/`): renders the codeSpace's module with React 19, keeps the last good
// render when new code fails, follows live changes, and reports what it rendered.
import { codeDigest } from "@live/shared/digest";
import { Component, createElement, type ReactNode } from "react";
import { flushSync } from "react-dom";
import { createRoot, type Root } from "react-dom/client";
import { installBridge, onEditorModule, recordError, rendered } from "./bridge.ts";
import { HotRoot, type Mount } from "./hot.ts";
import { linkImports, onImportChange } from "./imports.ts";
import { follow } from "./live.ts";
import { noteStored, reportRender } from "./report.ts";

interface Config {
  codeSpace: string;
  hash: string;
  transpiled: string;
  /** `codeDigest` of the code `transpiled` came from (U3). */
  codeHash: string;
}

const config = JSON.parse(document.getElementById("live-config")?.textContent ?? "{}") as Config;
const embed = document.getElementById("embed") as HTMLElement;
let root: Root | undefined;
/** The session hash asked for last, and the JavaScript of the module on screen (null: loaded by URL). */
let wanted = "";
let shownJs: string | null = null;
/** `codeDigest` of the code on screen, sent with its render report (U3); undefined: not known. */
let shownCode: string | undefined;
/** Only the newest requested render may reach the screen; an older import that finishes later is dropped. */
let latest = 0;
/** The TSX of what is on screen when it came from the editor's own transpile (U7). */
let localSource: string | null = null;
/** Errors the boundary caught so far (reported unless a kept state is being tried), and the last component
 * that rendered without one. */
let caught = 0;
let reporting = true;
let lastGood: unknown = null;
const hot = new HotRoot();

class Boundary extends Component<{ children?: ReactNode }, { error: Error | null }> {
  state = { error: null as Error | null };
  static getDerivedStateFromError(error: Error) {
    return { error };
  }
  componentDidCatch(error: Error) {
    caught++;
    if (reporting) recordError(error);
  }
  render() {
    const { error } = this.state;
    if (!error) return this.props.children;
    return createElement(
      "pre",
      { style: { color: "#b91c1c", background: "#fef2f2", padding: 16, margin: 0, whiteSpace: "pre-wrap" } },
      `${error.name}: ${error.message}`,
    );
  }
}

/**
 * Shows the session `hash`. A session that differs only in its html/css (a render report) keeps the render on
 * screen; a module that fails to load leaves the last render in place.
 */
async function render(hash: string, transpiled?: string, code?: string): Promise<void> {
  if (hash === wanted) return;
  wanted = hash;
  // The embedding editor renders every change itself (remote edits reach it through Yjs too): the server's
  // copy would only repaint the same code later, or older code over newer.
  if (localSource !== null) return;
  if (transpiled !== undefined && transpiled === shownJs) {
    // New code that compiles to the module on screen (a comment, say): the render on screen is of it too.
    shownCode = code;
    return;
  }
  // A module loaded by URL (after a reconnect) is whatever is current when it is fetched: its code is not known.
  if (transpiled === undefined) await show(hash, null, `/live/${config.codeSpace}/index.js?v=${hash}`, undefined);
  else await show(hash, transpiled, moduleUrl(transpiled), code);
}

let evaluations = 0;
/**
 * A data: URL of the module. Chromium imports it without the blob registry's round trip to the browser
 * process (5 ms a render when idle, far more on a busy machine). Each is a new module (its top level runs again,
 * as on a reload), and its stack frames name the codeSpace's module, not the whole URL.
 */
function moduleUrl(js: string): string {
  const name = new URL(`/live/${config.codeSpace}/index.js?render=${++evaluations}`, location.href);
  const bytes = new TextEncoder().encode(`${linkImports(js)}\n//# sourceURL=${name.href}\n`);
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return `data:text/javascript;base64,${btoa(binary)}`;
}

/**
 * Commits now, not in a scheduler task after whatever else the page has queued; true if state was kept. An
 * error with kept state is not reported: the caller tries again from scratch, which reports its own.
 */
function commit({ key, type, kept }: Mount): boolean {
  root ??= createRoot(embed);
  reporting = !kept;
  try {
    flushSync(() => root?.render(createElement(Boundary, { key }, createElement(type as () => ReactNode))));
  } finally {
    reporting = true;
  }
  return kept;
}

async function show(key: string, js: string | null, url: string, code: string | undefined): Promise<void> {
  const ticket = ++latest;
  let mod: { default?: unknown };
  try {
    mod = (await import(/* @vite-ignore */ url)) as { default?: unknown };
  } catch (err) {
    recordError(err);
    return;
  }
  if (ticket !== latest) return;
  if (typeof mod.default !== "function" && typeof mod.default !== "object") {
    recordError(new Error("the module has no default export to render: `export default function App() {...}`"));
    return;
  }
  shownJs = js;
  shownCode = code;
  // The editor clears the last module's errors on `rendered`: it goes first, so an error of this render (caught
  // by the boundary during the commit) is reported after it.
  rendered(key);
  const component = mod.default;
  let before = caught;
  const kept = commit(hot.next(component));
  if (kept && caught !== before) {
    // Kept state the new code could not use (its hooks differ in a way the signature missed): from scratch.
    before = caught;
    commit(hot.remount(component));
  }
  if (caught === before) lastGood = component;
  // The new code throws while rendering: its error is reported, and the last render that worked comes back.
  else if (lastGood) commit(hot.remount(lastGood));
  reportRender(config.codeSpace, embed, shownCode);
}

installBridge();
// What the server has stored is what the page painted first: a render equal to it is not reported again (U3).
noteStored(embed.innerHTML, document.getElementById("live-css")?.textContent ?? "");
document.documentElement.dataset.live = "loading";
render(config.hash, config.transpiled, config.codeHash).finally(() => {
  document.documentElement.dataset.live = "ready";
});
follow(config.codeSpace, (update) => {
  if (update.html !== undefined && update.css !== undefined) noteStored(update.html, update.css);
  render(update.hash, update.transpiled, update.code === undefined ? undefined : codeDigest(update.code));
});
// A codeSpace this one imports has new code: the module on screen is imported again, with it.
onImportChange(() => {
  if (shownJs === null) return;
  const url = moduleUrl(shownJs);
  show(`import:${evaluations}`, shownJs, url, shownCode);
});
onEditorModule((source, js) => {
  localSource = source;
  const url = moduleUrl(js);
  return show(`local:${evaluations}`, js, url, codeDigest(source));
});
