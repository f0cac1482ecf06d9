import { describe, expect, it } from "vitest";
import { TOOLS } from "./tools/index.ts";

const list = (scoped: boolean) => JSON.stringify({ tools: TOOLS.map((t) => t.listing(scoped)) });

describe("tools/list (M19)", () => {
  it("M19: every tool lists an input and an output schema and annotations, under 7,000 characters", () => {
    for (const scoped of [true, false]) {
      const text = list(scoped);
      console.log(`tools/list ${scoped ? "/live/{cs}/mcp" : "/mcp"}: ${text.length} characters`);
      expect(text.length).toBeLessThan(7000);
      expect(text).not.toContain("$schema");
      expect(text).not.toContain(String(Number.MAX_SAFE_INTEGER));
      for (const t of TOOLS) {
        const l = t.listing(scoped);
        expect(l.inputSchema.type).toBe("object");
        expect(l.outputSchema.type).toBe("object");
        expect(Object.keys(l.annotations).length).toBeGreaterThan(0);
        // M4: /mcp requires codeSpace; /live/{cs}/mcp does not list it (it is accepted there only to be checked).
        const props = l.inputSchema.properties as Record<string, unknown>;
        expect("codeSpace" in props).toBe(!scoped);
        if (!scoped) expect(l.inputSchema.required).toContain("codeSpace");
      }
    }
  });

  it("M19: reads say readOnlyHint, writes say destructiveHint", () => {
    const ann = Object.fromEntries(TOOLS.map((t) => [t.name, t.listing(true).annotations]));
    for (const r of ["read_code", "read_html", "read_session", "find_lines", "list_versions", "read_version"]) {
      expect(ann[r]?.readOnlyHint).toBe(true);
    }
    for (const w of ["update_code", "edit_code", "search_and_replace", "restore_version"]) {
      expect(ann[w]?.destructiveHint).toBe(true);
    }
    expect(ann.update_code?.idempotentHint).toBe(true);
  });
});
