// Other codeSpaces the module on screen imports (`/live/{cs}/index.js`, rule T3): made absolute, since an
// inline (data:) module has no base URL to resolve a path against; followed on their own JSON channels; and
// versioned in the import URL, so a change there imports them afresh and re-renders this preview.
import { follow } from "./live.ts";

const LIVE_IMPORT = /(["'])\/live\/([\w-]+)\/index\.js\1/g;
/** codeSpace -> the session hash to import it at ("" until it changes after this page loaded it). */
const versions = new Map<string, string>();
let changed: () => void = () => {};

/** Called when a codeSpace the module imports has new code. */
export function onImportChange(listener: () => void): void {
  changed = listener;
}

/** `js` with its imports of other codeSpaces made absolute and pinned to their latest version. */
export function linkImports(js: string): string {
  return js.replace(LIVE_IMPORT, (_, quote: string, cs: string) => {
    if (!versions.has(cs)) watch(cs);
    const url = new URL(`/live/${cs}/index.js`, location.href);
    const version = versions.get(cs);
    if (version) url.searchParams.set("v", version);
    return quote + url.href + quote;
  });
}

function watch(cs: string): void {
  versions.set(cs, "");
  let shown: string | undefined;
  follow(cs, (update) => {
    // A render report changes the hash but not the module: only new code counts.
    const code = update.transpiled ?? update.hash;
    if (shown === undefined) shown = code;
    if (code === shown) return;
    shown = code;
    versions.set(cs, update.hash);
    changed();
  });
}
