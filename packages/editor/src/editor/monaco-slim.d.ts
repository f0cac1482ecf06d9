// The build's trimmed Monaco entry (scripts/build.mjs) has the API of the full one.
declare module "monaco-slim" {
  export * from "monaco-editor";
}

// CSS imports are bundled into the entry's stylesheet by esbuild.
declare module "*.css";

// esbuild's file loader turns the wasm import into its URL.
declare module "esbuild-wasm/esbuild.wasm" {
  const url: string;
  export default url;
}

// Monaco's own registries, which src/editor/features.ts reads to attach the features loaded after the editor.
declare module "monaco-internal/*" {
  const anything: Record<string, unknown>;
  export = anything;
}
