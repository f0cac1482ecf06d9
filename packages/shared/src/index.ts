export * from "./codespace.ts";
export * from "./errors.ts";
export * from "./limits.ts";
export * from "./protocol.ts";
export * from "./session.ts";
export * from "./starter.ts";
export * from "./transpile-options.ts";
export * from "./vendor.ts";
