// Version history: the list, a side-by-side diff against the current code in Monaco's diff editor, restore.

import { jsonOf, request } from "./dom.ts";
import type { Monaco } from "./monaco-setup.ts";
import { toast } from "./toolbar.ts";

type Editor = ReturnType<Monaco["editor"]["create"]>;
interface VersionRow {
  number: number;
  hash: string;
  createdAt: string;
}

const $ = (id: string) => document.getElementById(id) as HTMLElement;

export function setupHistory(monaco: Monaco, editor: Editor, codeSpace: string, features: Promise<void>): void {
  const dialog = $("history") as HTMLDialogElement;
  const list = $("history-list");
  let diff: ReturnType<Monaco["editor"]["createDiffEditor"]> | null = null;
  let selected: number | null = null;

  const show = async (n: number) => {
    selected = n;
    for (const b of list.querySelectorAll("button")) b.classList.toggle("active", b.dataset.n === String(n));
    const res = await fetch(`/live/${codeSpace}/version/${n}`);
    const v = (await res.json()) as { code: string; error?: { message: string } };
    if (!res.ok) return toast(`Version ${n} did not load: ${v.error?.message ?? res.status}`);
    // The diff editor's own actions (next change, accessible view) come with the editor features.
    await features;
    diff ??= monaco.editor.createDiffEditor($("history-diff"), {
      readOnly: true,
      automaticLayout: true,
      renderSideBySide: innerWidth > 700,
      useInlineViewWhenSpaceIsLimited: false,
      theme: document.documentElement.dataset.theme === "light" ? "vs" : "vs-dark",
    });
    const old = diff.getModel();
    diff.setModel({
      original: monaco.editor.createModel(v.code, "typescript"),
      modified: monaco.editor.createModel(editor.getValue(), "typescript"),
    });
    // Each version shown makes two models. The ones it replaced go once the new diff is there: disposed while
    // their own diff is still being computed, they would fail it.
    const done = diff.onDidUpdateDiff(() => {
      done.dispose();
      old?.original.dispose();
      old?.modified.dispose();
    });
    $("history-title").textContent = `Version ${n} (left) and the current code (right)`;
  };

  $("btn-history").onclick = async () => {
    const page = (await (await fetch(`/live/${codeSpace}/versions?limit=100`)).json()) as { versions: VersionRow[] };
    list.replaceChildren(
      ...(page.versions.length
        ? page.versions.map((v) => {
            const b = document.createElement("button");
            b.dataset.n = String(v.number);
            b.innerHTML = `<strong>v${v.number}</strong><span>${new Date(v.createdAt).toLocaleString()}</span>`;
            b.onclick = () => show(v.number);
            return b;
          })
        : [
            Object.assign(document.createElement("p"), {
              textContent: "No versions yet: edit and pause for a second.",
            }),
          ]),
    );
    dialog.showModal();
    const first = page.versions[0];
    if (first) await show(first.number);
  };
  $("history-restore").onclick = async () => {
    if (selected === null) return;
    const res = await request(`/live/${codeSpace}/api/restore/${selected}`, { method: "POST" });
    const body = await jsonOf<{ version?: number }>(res);
    if (!res.ok) return toast(`Restore failed: ${body.error?.message ?? `HTTP ${res.status}`}`);
    toast(`Restored version ${selected} as version ${body.version}`);
    dialog.close();
  };
  $("history-close").onclick = () => dialog.close();
}
