// Publish in the editor (SPEC.md P14): the codeSpace's title and description, Publish / Unpublish with the stable
// link, and for its owner (anyone, on an open codeSpace) a 30-day chart of views and edits.
import "./publish.css";
import type { AccessInfo, Analytics, CodeSpaceMeta, DayStats, Published } from "@live/shared";
import { api, el } from "./dom.ts";
import { toast } from "./toolbar.ts";

const SVG = "http://www.w3.org/2000/svg";

function svg(tag: string, attrs: Record<string, string | number>, text?: string): SVGElement {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text) e.textContent = text;
  return e;
}

const views = (d: DayStats) => d.editorViews + d.previewViews + d.pageViews;

/** Views (bars) and edits (a thinner bar in front) per day, oldest on the left; each day says its numbers. */
export function chart(days: DayStats[]): SVGSVGElement {
  const w = 300;
  const h = 80;
  const step = w / days.length;
  const top = Math.max(1, ...days.map((d) => Math.max(views(d), d.edits)));
  const root = svg("svg", { viewBox: `0 0 ${w} ${h + 14}`, class: "stats-chart", role: "img" }) as SVGSVGElement;
  root.append(svg("title", {}, `Views and edits, the last ${days.length} days`));
  days.forEach((d, i) => {
    const g = svg("g", { "data-day": d.day });
    const vh = (views(d) / top) * h;
    const eh = (d.edits / top) * h;
    g.append(
      svg("rect", { x: i * step + 1, y: h - vh, width: step - 2, height: vh, class: "views" }),
      svg("rect", { x: i * step + step / 3, y: h - eh, width: step / 3, height: eh, class: "edits" }),
      svg(
        "title",
        {},
        `${d.day}: ${d.pageViews} page, ${d.editorViews} editor, ${d.previewViews} preview views; ${d.edits} edits, ${d.versions} versions, ${d.editors} editors`,
      ),
    );
    root.append(g);
  });
  root.append(
    svg("text", { x: 0, y: h + 12, class: "axis" }, days[0]?.day.slice(5) ?? ""),
    svg("text", { x: w, y: h + 12, class: "axis", "text-anchor": "end" }, "today"),
  );
  return root;
}

/** "1 edit", "2 edits". */
const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function totals(days: DayStats[]): string {
  const sum = (f: (d: DayStats) => number) => days.reduce((n, d) => n + f(d), 0);
  const most = Math.max(0, ...days.map((d) => d.editors));
  return [
    count(
      sum((d) => d.pageViews),
      "page view",
    ),
    count(
      sum((d) => d.editorViews),
      "editor view",
    ),
    count(
      sum((d) => d.edits),
      "edit",
    ),
    count(
      sum((d) => d.versions),
      "version",
    ),
    `up to ${count(most, "editor")} a day`,
  ].join(" · ");
}

export function setupPublish(codeSpace: string): void {
  const title = el("input", { id: "meta-title", maxLength: 120, placeholder: codeSpace });
  const description = el("textarea", { id: "meta-description", maxLength: 500, rows: 2, placeholder: "What it does" });
  const save = el("button", { id: "meta-save", type: "button" }, "Save");
  const state = el("p", { id: "publish-state", className: "publish-state" });
  const go = el("button", { id: "publish-go", className: "primary", type: "button" }, "Publish");
  const remove = el("button", { id: "publish-remove", type: "button", hidden: true }, "Unpublish");
  const stats = el("section", { id: "stats", className: "stats", hidden: true });
  const close = el("button", { type: "button" }, "Close");
  const dialog = el(
    "dialog",
    { id: "publish", className: "publish-dialog" },
    el("header", {}, el("h2", {}, "Publish"), close),
    el(
      "div",
      { className: "body" },
      el("label", {}, "Title", title),
      el("label", {}, "Description", description),
      el("div", { className: "row" }, save),
      state,
      el("div", { className: "row" }, go, remove),
      stats,
    ),
  );
  document.body.append(dialog);
  close.onclick = () => dialog.close();

  const show = (meta: CodeSpaceMeta) => {
    title.value = meta.title ?? "";
    description.value = meta.description ?? "";
    const p = meta.published;
    remove.hidden = !p;
    if (!p) {
      state.replaceChildren("Not published. Publishing makes one HTML file of the current version at a stable link.");
      return;
    }
    const link = el("a", { id: "publish-link", href: `/p/${codeSpace}`, target: "_blank", rel: "noopener" });
    link.textContent = `${location.origin}/p/${codeSpace}`;
    const archive = el("a", { href: `/a/${p.archive}`, target: "_blank", rel: "noopener" }, "this exact build");
    state.replaceChildren(`Version ${p.version} is published at `, link, " (", archive, ").");
  };

  const refreshStats = async () => {
    try {
      const { days } = await api<Analytics>(`/live/${codeSpace}/api/analytics`);
      const legend = el(
        "span",
        { className: "legend" },
        el("i", { className: "views" }),
        "views ",
        el("i", { className: "edits" }),
        "edits",
      );
      stats.replaceChildren(
        el("h3", {}, "Last 30 days ", legend),
        chart(days),
        el("p", { className: "totals" }, totals(days)),
      );
      stats.hidden = false;
    } catch {
      stats.hidden = true; // Not the owner's: the chart is theirs alone.
    }
  };

  const open = async () => {
    const [meta, access] = await Promise.all([
      api<CodeSpaceMeta>(`/live/${codeSpace}/api/meta`),
      api<AccessInfo>(`/live/${codeSpace}/api/access`),
    ]);
    const writer = access.you !== "viewer";
    for (const c of [title, description, save, go, remove]) c.disabled = !writer;
    show(meta);
    dialog.showModal();
    await refreshStats();
  };

  const busy = async (button: HTMLButtonElement, work: () => Promise<void>) => {
    button.disabled = true;
    try {
      await work();
    } catch (err) {
      toast(`${button.textContent} failed: ${(err as Error).message}`);
    } finally {
      button.disabled = false;
    }
  };

  (document.getElementById("btn-publish") as HTMLButtonElement).onclick = () =>
    open().catch((err) => toast(`Publish: ${(err as Error).message}`));
  save.onclick = () =>
    busy(save, async () => {
      show(
        await api<CodeSpaceMeta>(`/live/${codeSpace}/api/meta`, "PUT", {
          title: title.value,
          description: description.value,
        }),
      );
      toast("Saved: the next publish carries it");
    });
  go.onclick = () =>
    busy(go, async () => {
      const p = await api<Published>(`/live/${codeSpace}/api/publish`, "POST");
      show(await api<CodeSpaceMeta>(`/live/${codeSpace}/api/meta`));
      toast(`Published version ${p.version} (${Math.round(p.bytes / 1024)} KB)`);
      await refreshStats();
    });
  remove.onclick = () =>
    busy(remove, async () => {
      await api(`/live/${codeSpace}/api/publish`, "DELETE");
      show(await api<CodeSpaceMeta>(`/live/${codeSpace}/api/meta`));
      toast("Unpublished: the link is gone, its builds stay");
    });
}
