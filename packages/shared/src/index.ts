export * from "./codespace.ts";
export * from "./errors.ts";
export * from "./limits.ts";
export * from "./session.ts";
export * from "./starter.ts";
