// Publishing (rules P1-P14 in SPEC.md): the single-file app that Download saves and Publish stores, its limits,
// and the shapes of publish, metadata and analytics answers. Shared by the editor (Download) and the Worker.
import { z } from "zod";

/** P9: a built archive larger than this is refused with 413. */
export const MAX_ARCHIVE_BYTES = 10 * 1024 * 1024;
export const MAX_TITLE_LENGTH = 120;
export const MAX_DESCRIPTION_LENGTH = 500;
/** P12: days of analytics the editor's chart shows. */
export const ANALYTICS_DAYS = 30;

/** A content address: the lowercase hex SHA-256 of the archive's bytes. */
export const ARCHIVE_PATTERN = /^[0-9a-f]{64}$/;

export interface Published {
  /** The stable page, `/p/{cs}` (absolute). */
  url: string;
  /** The SHA-256 of the archive; `/a/{archive}` serves exactly these bytes forever. */
  archive: string;
  /** The version of the codeSpace that was built. */
  version: number;
  bytes: number;
  publishedAt: string;
}

export interface CodeSpaceMeta {
  codeSpace: string;
  title: string | null;
  description: string | null;
  createdAt: string | null;
  editedAt: string | null;
  forkedFrom: string | null;
  published: { version: number; archive: string; at: string } | null;
}

export const MetaSchema = z
  .object({
    title: z.string().trim().max(MAX_TITLE_LENGTH).nullable().optional(),
    description: z.string().trim().max(MAX_DESCRIPTION_LENGTH).nullable().optional(),
  })
  .strict()
  .refine((m) => m.title !== undefined || m.description !== undefined, { message: "give title or description" });
export type MetaUpdate = z.infer<typeof MetaSchema>;

export type ViewKind = "editor" | "preview" | "page";

/** One day of a codeSpace's analytics (P11). `day` is UTC `YYYY-MM-DD`. */
export interface DayStats {
  day: string;
  editorViews: number;
  previewViews: number;
  pageViews: number;
  edits: number;
  versions: number;
  editors: number;
}

export interface Analytics {
  codeSpace: string;
  days: DayStats[];
}
