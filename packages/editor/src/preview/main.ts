// The preview runtime (`/live/{cs}/`): renders the codeSpace's module with React 19, keeps the last good
// render when new code fails, follows live changes, and reports what it rendered.
import { Component, createElement, type ReactNode } from "react";
import { createRoot, type Root } from "react-dom/client";
import { installBridge, onEditorModule, recordError, rendered } from "./bridge.ts";
import { follow } from "./live.ts";
import { noteStored, reportRender } from "./report.ts";

interface Config {
  codeSpace: string;
  hash: string;
  transpiled: string;
}

const config = JSON.parse(document.getElementById("live-config")?.textContent ?? "{}") as Config;
const embed = document.getElementById("embed") as HTMLElement;
let root: Root | undefined;
/** The session hash asked for last, and the JavaScript of the module on screen (null: loaded by URL). */
let wanted = "";
let shownJs: string | null = null;
/** Only the newest requested render may reach the screen; an older import that finishes later is dropped. */
let latest = 0;
/** The TSX of what is on screen when it came from the editor's own transpile (U7). */
let localSource: string | null = null;

class Boundary extends Component<{ children?: ReactNode }, { error: Error | null }> {
  state = { error: null as Error | null };
  static getDerivedStateFromError(error: Error) {
    return { error };
  }
  componentDidCatch(error: Error) {
    recordError(error);
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
async function render(hash: string, transpiled?: string): Promise<void> {
  if (hash === wanted) return;
  wanted = hash;
  // The embedding editor renders every change itself (remote edits reach it through Yjs too): the server's
  // copy would only repaint the same code later, or older code over newer.
  if (localSource !== null || (transpiled !== undefined && transpiled === shownJs)) return;
  if (transpiled === undefined) await show(hash, null, `/live/${config.codeSpace}/index.js?v=${hash}`);
  else await withModuleUrl(transpiled, (url) => show(hash, transpiled, url));
}

async function withModuleUrl(js: string, use: (url: string) => Promise<void>): Promise<void> {
  const url = URL.createObjectURL(new Blob([js], { type: "text/javascript" }));
  try {
    await use(url);
  } finally {
    URL.revokeObjectURL(url);
  }
}

async function show(key: string, js: string | null, url: string): Promise<void> {
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
  root ??= createRoot(embed);
  root.render(createElement(Boundary, { key }, createElement(mod.default as () => ReactNode)));
  rendered(key);
  reportRender(config.codeSpace, embed);
}

installBridge();
document.documentElement.dataset.live = "loading";
render(config.hash, config.transpiled).finally(() => {
  document.documentElement.dataset.live = "ready";
});
follow(config.codeSpace, (update) => {
  if (update.html !== undefined && update.css !== undefined) noteStored(update.html, update.css);
  render(update.hash, update.transpiled);
});
onEditorModule((source, js) => {
  localSource = source;
  return withModuleUrl(js, (url) => show(`local:${url}`, js, url));
});
