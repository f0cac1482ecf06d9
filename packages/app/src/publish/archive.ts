// Content-addressed archives and named pages (rules P2-P7), over the part of an R2 bucket they use, so they run
// in Node tests over a Map as well as over R2 in workerd. Archives (`my-cms/{sha256}`) are written once and
// never changed; a codeSpace's page (`live-cms/{cs}`) is a small pointer to one of them.
import { ARCHIVE_PATTERN, fail, ok, type Result } from "@live/shared";

export interface BlobObject {
  readonly body: ReadableStream;
  text(): Promise<string>;
}

/** The R2Bucket methods used here (an R2Bucket satisfies this). */
export interface Blobs {
  head(key: string): Promise<unknown | null>;
  get(key: string): Promise<BlobObject | null>;
  put(
    key: string,
    value: Uint8Array | string,
    options?: {
      httpMetadata?: { contentType?: string };
      sha256?: string;
      onlyIf?: { etagDoesNotMatch?: string };
    },
  ): Promise<unknown | null>;
  delete(key: string): Promise<void>;
}

export const archiveKey = (sha: string) => `my-cms/${sha}`;
export const pageKey = (codeSpace: string) => `live-cms/${codeSpace}`;
export const isArchiveId = (s: string) => ARCHIVE_PATTERN.test(s);

/** What `live-cms/{cs}` holds: which archive `/p/{cs}` serves, and what it was built from. */
export interface PagePointer {
  archive: string;
  version: number;
  bytes: number;
  publishedAt: string;
}

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}

export const HTML_TYPE = "text/html; charset=utf-8";

/**
 * P2, P3, P9: stores `html` under its SHA-256 unless those bytes are already stored (then nothing is written), or
 * refuses it (413) when it is over `maxBytes`. The write is conditional on the key being absent, so even two
 * publishes racing never rewrite an archive.
 */
export async function storeArchive(
  blobs: Blobs,
  html: string,
  maxBytes: number,
): Promise<Result<{ archive: string; bytes: number; stored: boolean }>> {
  const bytes = new TextEncoder().encode(html);
  if (bytes.byteLength > maxBytes) {
    return fail("payload_too_large", `the built app is ${bytes.byteLength} bytes; at most ${maxBytes} are published`, {
      bytes: bytes.byteLength,
      limit: maxBytes,
    });
  }
  const archive = await sha256Hex(bytes);
  const key = archiveKey(archive);
  if (await blobs.head(key)) return ok({ archive, bytes: bytes.byteLength, stored: false });
  const put = await blobs.put(key, bytes, {
    httpMetadata: { contentType: HTML_TYPE },
    sha256: archive,
    onlyIf: { etagDoesNotMatch: "*" },
  });
  return ok({ archive, bytes: bytes.byteLength, stored: put !== null });
}

export async function readPage(blobs: Blobs, codeSpace: string): Promise<PagePointer | null> {
  const obj = await blobs.get(pageKey(codeSpace));
  return obj ? (JSON.parse(await obj.text()) as PagePointer) : null;
}

export async function writePage(blobs: Blobs, codeSpace: string, pointer: PagePointer): Promise<void> {
  await blobs.put(pageKey(codeSpace), JSON.stringify(pointer), {
    httpMetadata: { contentType: "application/json" },
  });
}

/** P7: unpublishing removes the page only; archives stay (other pages, or links to `/a/{sha}`, may use them). */
export async function deletePage(blobs: Blobs, codeSpace: string): Promise<boolean> {
  const existed = (await blobs.head(pageKey(codeSpace))) !== null;
  if (existed) await blobs.delete(pageKey(codeSpace));
  return existed;
}
