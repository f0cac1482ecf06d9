/**
 * Packages served from our own origin (rule T5): each bare specifier here is pre-bundled at build time into
 * `/vendor/{file}` and resolved by the preview's import map, so previews that use only these work offline.
 * Adding a package is one line here (and its dependency in packages/transpiler/package.json) plus a rebuild.
 */
export interface VendorEntry {
  /** The bare specifier user code imports. */
  specifier: string;
  /** The npm package that provides it (its installed version names the file, for immutable caching). */
  pkg: string;
}

export const VENDOR: readonly VendorEntry[] = [
  { specifier: "react", pkg: "react" },
  { specifier: "react/jsx-runtime", pkg: "react" },
  { specifier: "react/jsx-dev-runtime", pkg: "react" },
  { specifier: "react-dom", pkg: "react-dom" },
  { specifier: "react-dom/client", pkg: "react-dom" },
  { specifier: "@emotion/react", pkg: "@emotion/react" },
  { specifier: "@emotion/react/jsx-runtime", pkg: "@emotion/react" },
  { specifier: "@emotion/styled", pkg: "@emotion/styled" },
];

/** The Tailwind v4 browser build: a classic script that compiles utility classes in the page. */
export const TAILWIND_SCRIPT = { pkg: "@tailwindcss/browser" };

export const VENDOR_SPECIFIERS: ReadonlySet<string> = new Set(VENDOR.map((v) => v.specifier));

/** `@emotion/react/jsx-runtime` -> `emotion-react-jsx-runtime`. */
export const vendorSlug = (specifier: string): string => specifier.replace(/^@/, "").replace(/[/@]/g, "-");

/** Where bare imports outside the vendor map go: an ESM CDN URL pattern (configuration, never fetched by us). */
export const DEFAULT_CDN_PATTERN = "https://esm.sh/{pkg}?bundle&external={external}&deps=react@{reactVersion}";

export interface ImportMap {
  imports: Record<string, string>;
}

/** What the vendor build writes to `/vendor/manifest.json`: content-hashed module URLs and package versions. */
export interface VendorManifest extends ImportMap {
  /** The Tailwind browser script (a classic script, not a module). */
  tailwind: string;
  /** Every module file of the build (entries and shared chunks), for bundling a self-contained download. */
  files: string[];
  versions: Record<string, string>;
}
