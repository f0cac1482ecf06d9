// The preview runtime (`/live/{cs}/`): renders the codeSpace's module with React 19, keeps the last good
// render when new code fails, follows live changes, and reports what it rendered.
import { Component, createElement, type ReactNode } from "react";
import { createRoot, type Root } from "react-dom/client";
import { installBridge, recordError, rendered } from "./bridge.ts";
import { follow } from "./live.ts";
import { reportRender } from "./report.ts";

interface Config {
  codeSpace: string;
  hash: string;
  html: string;
}

const config = JSON.parse(document.getElementById("live-config")?.textContent ?? "{}") as Config;
const embed = document.getElementById("embed") as HTMLElement;
let root: Root | undefined;
let shown = "";

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

/** Imports the module of `hash` and renders it; a module that fails to load leaves the last render in place. */
async function render(hash: string): Promise<void> {
  if (hash === shown) return;
  let mod: { default?: unknown };
  try {
    mod = (await import(/* @vite-ignore */ `/live/${config.codeSpace}/index.js?v=${hash}`)) as { default?: unknown };
  } catch (err) {
    recordError(err);
    return;
  }
  if (typeof mod.default !== "function" && typeof mod.default !== "object") {
    recordError(new Error("the module has no default export to render: `export default function App() {...}`"));
    return;
  }
  shown = hash;
  root ??= createRoot(embed);
  root.render(createElement(Boundary, { key: hash }, createElement(mod.default as () => ReactNode)));
  rendered(hash);
  reportRender(config.codeSpace, embed);
}

installBridge();
document.documentElement.dataset.live = "loading";
render(config.hash).finally(() => {
  document.documentElement.dataset.live = "ready";
});
follow(config.codeSpace, (hash) => {
  render(hash);
});
