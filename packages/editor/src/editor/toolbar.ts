// Share, fork, download, open preview, format, theme: what a user of CodeSandbox expects in the toolbar.
import type { CodeSpaceMeta } from "@live/shared/publish";
import { singleFileHtml } from "@live/shared/single-file";
import { api } from "./dom.ts";
import type { Monaco } from "./monaco-setup.ts";

type Editor = ReturnType<Monaco["editor"]["create"]>;

const $ = (id: string) => document.getElementById(id) as HTMLElement;

export function toast(text: string): void {
  const t = $("toast");
  t.textContent = text;
  t.hidden = false;
  clearTimeout((t as unknown as { timer?: number }).timer);
  (t as unknown as { timer?: number }).timer = window.setTimeout(() => {
    t.hidden = true;
  }, 2500);
}

/** A single HTML file that renders the app from file:// with no network: the same builder as Publish (P1). */
async function downloadHtml(codeSpace: string): Promise<void> {
  const [bundle, map, session, meta] = await Promise.all([
    fetch(`/live/${codeSpace}/bundle.js`).then(async (r) => {
      if (!r.ok) throw new Error(((await r.json()) as { error: { message: string } }).error.message);
      return r.text();
    }),
    fetch("/vendor/manifest.json").then((r) => r.json() as Promise<{ tailwind: string }>),
    api<{ css: string }>(`/live/${codeSpace}/session.json`),
    api<Partial<CodeSpaceMeta>>(`/live/${codeSpace}/api/meta`).catch((): Partial<CodeSpaceMeta> => ({})),
  ]);
  const tailwind = await (await fetch(map.tailwind)).text();
  const html = singleFileHtml({
    bundle,
    tailwind,
    css: session.css,
    title: meta.title || codeSpace,
    description: meta.description,
  });
  const a = document.createElement("a");
  a.href = URL.createObjectURL(new Blob([html], { type: "text/html" }));
  a.download = `${codeSpace}.html`;
  a.click();
}

export function setupToolbar(editor: Editor, codeSpace: string, monaco: Monaco, features: Promise<void>): void {
  $("btn-share").onclick = async () => {
    const url = `${location.origin}/live/${codeSpace}`;
    const dialog = $("share") as HTMLDialogElement;
    ($("share-url") as HTMLInputElement).value = url;
    const { toDataURL } = await import("qrcode");
    ($("share-qr") as HTMLImageElement).src = await toDataURL(url, { margin: 1, width: 200 });
    dialog.showModal();
  };
  $("share-copy").onclick = async () => {
    await navigator.clipboard?.writeText(($("share-url") as HTMLInputElement).value).catch(() => {});
    toast("Link copied");
  };
  $("btn-fork").onclick = async () => {
    try {
      const { codeSpace: to } = await api<{ codeSpace: string }>(`/live/${codeSpace}/api/fork`, "POST");
      location.href = `/live/${to}`;
    } catch (err) {
      toast(`Fork failed: ${(err as Error).message}`);
    }
  };
  $("btn-download").onclick = () => downloadHtml(codeSpace).catch((err) => toast(`Download failed: ${err.message}`));
  $("btn-open").onclick = () => window.open(`/live/${codeSpace}/`, "_blank", "noopener");
  $("btn-format").onclick = () => features.then(() => editor.getAction("editor.action.formatDocument")?.run());
  $("btn-theme").onclick = () => {
    const dark = document.documentElement.dataset.theme !== "light";
    document.documentElement.dataset.theme = dark ? "light" : "dark";
    monaco.editor.setTheme(dark ? "vs" : "vs-dark");
    localStorage.setItem("live:theme", dark ? "light" : "dark");
  };
  // Prettier, loaded only when someone formats.
  monaco.languages.registerDocumentFormattingEditProvider("typescript", {
    async provideDocumentFormattingEdits(model) {
      const [prettier, ts, estree] = await Promise.all([
        import("prettier/standalone"),
        import("prettier/plugins/typescript"),
        import("prettier/plugins/estree"),
      ]);
      const text = await prettier.format(model.getValue(), { parser: "typescript", plugins: [ts, estree] });
      return [{ range: model.getFullModelRange(), text }];
    },
  });
  // Ctrl+S is a reflex from every editor: there is nothing to save (each change is stored as it is typed), so it
  // says so instead of opening the browser's "save page" dialog.
  window.addEventListener("keydown", (e) => {
    if ((e.ctrlKey || e.metaKey) && !e.shiftKey && !e.altKey && e.key.toLowerCase() === "s") {
      e.preventDefault();
      toast("Saved: every change is stored as you type");
    }
  });
  for (const tab of document.querySelectorAll<HTMLButtonElement>("[data-tab]")) {
    tab.onclick = () => {
      ($("main") as HTMLElement).dataset.tab = tab.dataset.tab;
      editor.layout();
    };
  }
  for (const tab of document.querySelectorAll<HTMLButtonElement>("[data-dock]")) {
    tab.onclick = () => {
      ($("dock") as HTMLElement).dataset.dock = tab.dataset.dock;
    };
  }
}
