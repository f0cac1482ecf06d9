import type { Tool } from "../tool.ts";
import { getErrors, validateCode } from "./diagnostics.ts";
import { forkCodespace, listVersions, readVersion, restoreVersion } from "./history.ts";
import { publish, setMetadata } from "./publish.ts";
import { findLinesTool, readCode, readHtml, readSession } from "./read.ts";
import { editCode, searchAndReplace, updateCode } from "./write.ts";

/** Every tool, in the order `tools/list` shows them (spike.land's seven first). */
export const TOOLS: readonly Tool[] = [
  readCode,
  readHtml,
  readSession,
  updateCode,
  editCode,
  searchAndReplace,
  findLinesTool,
  listVersions,
  readVersion,
  restoreVersion,
  validateCode,
  getErrors,
  forkCodespace,
  publish,
  setMetadata,
];

export const TOOL_NAMES: ReadonlySet<string> = new Set(TOOLS.map((t) => t.name));
