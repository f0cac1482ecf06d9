import { createAnthropic } from "@ai-sdk/anthropic";
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import type { LanguageModel } from "ai";
import type { AiConfig } from "./config.ts";

/**
 * The language model of a configuration. Key and URL are passed explicitly: workerd has no process.env
 * (and the SDKs' own env lookups must never find anything). OpenAI itself is reached through its
 * chat-completions API, like every compatible server, so one code path serves both (and the tests' fake).
 */
export function createModel(config: AiConfig, fetchImpl?: typeof fetch): LanguageModel {
  if (config.provider === "anthropic") {
    // A local Anthropic-compatible server may need no key; the SDK insists on one, so it gets a placeholder.
    return createAnthropic({ apiKey: config.apiKey ?? "none", baseURL: config.baseURL, fetch: fetchImpl })(
      config.model,
    );
  }
  return createOpenAICompatible({
    name: config.provider,
    baseURL: config.baseURL,
    apiKey: config.apiKey,
    includeUsage: true,
    fetch: fetchImpl,
  }).chatModel(config.model);
}
