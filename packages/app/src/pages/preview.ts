import type { Session, VendorManifest } from "@live/shared";
import { escapeHtml, scriptJson, styleText } from "./html.ts";

/**
 * The preview page (rule U1): the stored html and css for an instant first paint, the import map of the
 * vendored packages, Tailwind's browser build, and the preview runtime that renders the module with React.
 */
export function previewPage(session: Session, vendor: VendorManifest, runtime: string): string {
  const config = { codeSpace: session.codeSpace, hash: session.hash };
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(session.codeSpace)} · preview</title>
<script type="importmap">${scriptJson({ imports: vendor.imports })}</script>
<style id="live-css">${styleText(session.css)}</style>
<script src="${vendor.tailwind}"></script>
<script type="application/json" id="live-config">${scriptJson(config)}</script>
<script type="module" src="${runtime}"></script>
</head>
<body>
<div id="embed">${session.html}</div>
</body>
</html>`;
}
