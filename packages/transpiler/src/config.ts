import { DEFAULT_CDN_PATTERN, VENDOR } from "@live/shared/vendor";
import type { RewriteConfig } from "./rewrite.ts";

/** React's version for the CDN's `deps=` (kept equal to the vendored one by a unit test). */
export const REACT_VERSION = "19.3.1";

/** The rewrite configuration; `cdnPattern` comes from the IMPORT_CDN variable when it is set. */
export function rewriteConfig(cdnPattern?: string): RewriteConfig {
  return {
    vendor: new Set(VENDOR.map((v) => v.specifier)),
    cdnPattern: cdnPattern || DEFAULT_CDN_PATTERN,
    external: [...new Set(VENDOR.map((v) => v.pkg))],
    reactVersion: REACT_VERSION,
  };
}
