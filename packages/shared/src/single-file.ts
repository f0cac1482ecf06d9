// The single-file app (rule P1): what Download saves in the browser and Publish stores on the server, built by
// the same function. No dependencies, so the editor bundle gains nothing but this file.

export interface SingleFileInput {
  /** The codeSpace as one ES module exporting `mount(element)` (T6, `/live/{cs}/bundle.js`). */
  bundle: string;
  /** Tailwind's browser build (a classic script). */
  tailwind: string;
  /** The last rendered CSS of the codeSpace (Emotion's styles as the preview saw them), for the first paint. */
  css: string;
  title: string;
  description?: string | null;
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[ch] ?? ch);
const safeScript = (s: string) => s.replace(/<\/(script)/gi, "<\\/$1").replace(/<!--/g, "<\\!--");

/**
 * The app as one HTML file that runs from `file://` with no network (Download and Publish, P1): Tailwind and the
 * bundle inlined, the module imported from a blob URL. A pure function of its input: the same code, CSS, title
 * and description give the same bytes, so publishing unchanged work stores nothing new (P3).
 */
export function singleFileHtml(input: SingleFileInput): string {
  const title = escapeHtml(input.title);
  const description = input.description ? escapeHtml(input.description) : "";
  const describe = description
    ? `<meta name="description" content="${description}">\n<meta property="og:description" content="${description}">\n`
    : "";
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<meta property="og:title" content="${title}">
<meta property="og:type" content="website">
${describe}<script>${safeScript(input.tailwind)}</script>
<style>${input.css.replace(/<\/(style)/gi, "<\\/$1")}</style>
</head><body><div id="root"></div>
<script type="module">
const source = ${safeScript(JSON.stringify(input.bundle))};
const url = URL.createObjectURL(new Blob([source], { type: "text/javascript" }));
import(url).then((m) => m.mount(document.getElementById("root")));
</script></body></html>`;
}
