// Types of the packages a codeSpace imports from the CDN (rule U5), fetched on demand when the server has an
// IMPORT_CDN: each bare import outside the vendor map is asked at its module URL for the X-TypeScript-Types
// header; the declarations it names, and the files those import on the same CDN, go to the TypeScript worker,
// the entry as /node_modules/{pkg}/index.d.ts so that `import ... from "{pkg}"` finds it.
import { type RewriteConfig, resolveSpecifier } from "@live/transpiler/resolve";

/** Bounds per package, so a huge or looping declaration tree cannot stall the editor. */
export const MAX_TYPE_FILES = 100;
export const MAX_TYPE_BYTES = 4 * 1024 * 1024;

type AddLib = (content: string, path: string) => void;

const IMPORTS =
  /(?:^|[;\s])(?:import|export)\s[^'"]*?\bfrom\s*(['"])([^'"]+)\1|\bimport\s*\(\s*(['"])([^'"]+)\3\s*\)|^\s*import\s*(['"])([^'"]+)\5/gm;
const REFERENCE = /^(\s*\/\/\/\s*<reference\s+(?:path|types)\s*=\s*)(['"])([^'"]+)\2/gm;

/** The module specifiers a source imports (static, dynamic, side effect, re-export). */
export function importedSpecifiers(source: string): string[] {
  const found = new Set<string>();
  for (const m of source.matchAll(IMPORTS)) found.add((m[2] ?? m[4] ?? m[6]) as string);
  return [...found];
}

const isRelativeOrUrl = (spec: string) => /^\.{1,2}\//.test(spec) || /^https?:\/\//.test(spec);

/** Where a declaration file fetched from `url` lives in the TypeScript worker's file system. */
function virtualPath(url: URL): string {
  const path = /\.d\.[cm]?ts$/.test(url.pathname) ? url.pathname : `${url.pathname.replace(/\.[cm]?js$/, "")}.d.ts`;
  return `file:///node_modules/.cdn/${url.host}${path}`;
}

/** `to` relative to the directory of `from`, both file:/// paths, as an import specifier. */
function relative(from: string, to: string): string {
  const a = from.split("/").slice(0, -1);
  const b = to.split("/");
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  const up = a.length - i;
  return `${up ? "../".repeat(up) : "./"}${b.slice(i).join("/")}`;
}

/** The URL a declaration's specifier names; extensionless relative paths mean their `.d.ts`. */
function targetUrl(spec: string, base: URL): URL {
  const url = new URL(spec, base);
  if (spec.startsWith(".") && !/\.[cm]?[jt]s$/.test(url.pathname)) url.pathname += ".d.ts";
  return url;
}

/**
 * Loads the declaration tree at `entry` (on the CDN's origin only), rewrites the specifiers between its files
 * to their paths here, and hands each file to `add`. Returns the number of files.
 */
async function loadTree(entry: URL, entryPath: string, add: AddLib, seen: Map<string, string>): Promise<number> {
  const queue: [URL, string][] = [[entry, entryPath]];
  let files = 0;
  let bytes = 0;
  while (queue.length) {
    const [url, path] = queue.shift() as [URL, string];
    if (files >= MAX_TYPE_FILES) throw new Error(`more than ${MAX_TYPE_FILES} declaration files`);
    const res = await fetch(url);
    if (!res.ok) throw new Error(`${url.href} answered ${res.status}`);
    const text = await res.text();
    bytes += text.length;
    if (bytes > MAX_TYPE_BYTES) throw new Error(`declarations over ${MAX_TYPE_BYTES} bytes`);
    files++;
    const local = (spec: string) => {
      if (!isRelativeOrUrl(spec)) return spec; // A bare package: resolved by node_modules (React's are here).
      const target = targetUrl(spec, url);
      if (target.origin !== entry.origin) return spec;
      let targetPath = seen.get(target.href);
      if (!targetPath) {
        targetPath = virtualPath(target);
        seen.set(target.href, targetPath);
        queue.push([target, targetPath]);
      }
      return relative(path, targetPath);
    };
    const rewritten = text
      .replace(IMPORTS, (whole, q1, s1, q2, s2, q3, s3) => {
        const spec = (s1 ?? s2 ?? s3) as string;
        const quote = (q1 ?? q2 ?? q3) as string;
        return whole.replace(`${quote}${spec}${quote}`, `${quote}${local(spec)}${quote}`);
      })
      .replace(REFERENCE, (_, head: string, q: string, spec: string) =>
        isRelativeOrUrl(spec) ? `${head.replace("types", "path")}${q}${local(spec)}${q}` : `${head}${q}${spec}${q}`,
      );
    add(rewritten, path);
  }
  return files;
}

/**
 * Watches the code's imports and fetches the types of each CDN package once. `add` is the TypeScript
 * defaults' addExtraLib; failures are logged (the editor then knows the package as untyped, as offline).
 */
export function cdnTypes(cfg: RewriteConfig, add: AddLib): (source: string) => void {
  const asked = new Set<string>();
  const seen = new Map<string, string>();
  return (source) => {
    for (const spec of importedSpecifiers(source)) {
      if (asked.has(spec)) continue;
      const target = resolveSpecifier(spec, cfg);
      if (!target || !/^https?:\/\//.test(target)) continue;
      asked.add(spec);
      acquire(spec, new URL(target), add, seen).catch((err) =>
        console.warn(`No types for "${spec}" from the CDN: ${(err as Error).message}`),
      );
    }
  };
}

async function acquire(spec: string, moduleUrl: URL, add: AddLib, seen: Map<string, string>): Promise<void> {
  const res = await fetch(moduleUrl);
  const types = res.headers.get("X-TypeScript-Types");
  await res.body?.cancel();
  if (!res.ok) throw new Error(`${moduleUrl.href} answered ${res.status}`);
  if (!types) throw new Error(`${moduleUrl.href} names no X-TypeScript-Types`);
  await loadTree(new URL(types, moduleUrl), `file:///node_modules/${spec}/index.d.ts`, add, seen);
}

interface TypedModel {
  getValue(): string;
  onDidChangeContent(listener: () => void): unknown;
}

/** With a configured IMPORT_CDN: types for the model's CDN imports, after `later`, then 800 ms after edits. */
export function setupCdnTypes(cfg: RewriteConfig, model: TypedModel, add: AddLib, later: Promise<void>): void {
  const check = cdnTypes(cfg, add);
  later.then(() => {
    check(model.getValue());
    let timer: ReturnType<typeof setTimeout> | undefined;
    model.onDidChangeContent(() => {
      clearTimeout(timer);
      timer = setTimeout(() => check(model.getValue()), 800);
    });
  });
}
