import { codeDigest, type Session, type VendorManifest } from "@live/shared";
import { escapeHtml, scriptJson, styleText } from "./html.ts";

/**
 * The preview page (rule U1): the stored html and css for an instant first paint, the import map of the
 * vendored packages, Tailwind's browser build, the transpiled module, and the preview runtime that renders it
 * with React. Nothing blocks the first paint of the stored render (its css already holds Tailwind's rules), and
 * the vendored modules are fetched in parallel with the runtime instead of one import after another.
 */
export function previewPage(session: Session, vendor: VendorManifest, runtime: string): string {
  // The module comes with the page: the first render needs no second request.
  const config = {
    codeSpace: session.codeSpace,
    hash: session.hash,
    transpiled: session.transpiled,
    codeHash: codeDigest(session.code),
  };
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(session.codeSpace)} · preview</title>
<script type="importmap">${scriptJson({ imports: vendor.imports })}</script>
<style id="live-css">${styleText(session.css)}</style>
<script type="application/json" id="live-config">${scriptJson(config)}</script>
<script type="module" src="${runtime}"></script>
${vendor.files.map((f) => `<link rel="modulepreload" href="${f}">`).join("\n")}
<script async src="${vendor.tailwind}"></script>
</head>
<body>
<div id="embed">${session.html}</div>
</body>
</html>`;
}
