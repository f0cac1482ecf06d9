import type { VendorManifest } from "@live/shared";
import { HttpError } from "./errors.ts";

/** Reads a built static file (vendor map, editor assets) through the ASSETS binding. */
export async function vendorAsset(env: Env, path: string): Promise<string> {
  const res = await env.ASSETS.fetch(new Request(`https://assets.local${path}`));
  if (!res.ok) {
    throw new HttpError("internal_error", `built file ${path} is missing: run \`npm run build\``);
  }
  return res.text();
}

export async function vendorManifest(env: Env): Promise<VendorManifest> {
  return JSON.parse(await vendorAsset(env, "/vendor/manifest.json")) as VendorManifest;
}

/** The editor build's manifest: entry name -> content-hashed URL under /assets. */
export async function editorAssets(env: Env): Promise<Record<string, string>> {
  return JSON.parse(await vendorAsset(env, "/assets/manifest.json")) as Record<string, string>;
}
