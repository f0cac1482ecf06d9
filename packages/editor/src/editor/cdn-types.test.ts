import { describe, expect, it } from "vitest";
import { importedSpecifiers } from "./cdn-types.ts";

describe("importedSpecifiers", () => {
  it("finds static, type-only, re-exported, side-effect and dynamic imports, once each", () => {
    const source = [
      `import confetti from "canvas-confetti";`,
      `import type { Options } from 'canvas-confetti';`,
      `import { a,`,
      `  b } from "@scope/pkg/sub";`,
      `export * from "./local";`,
      `import "side-effect";`,
      `const lazy = () => import("lazy-pkg");`,
      `const s = "import nothing from 'in-a-string'";`,
    ].join("\n");
    expect(importedSpecifiers(source).sort()).toEqual(
      ["./local", "@scope/pkg/sub", "canvas-confetti", "lazy-pkg", "side-effect"].sort(),
    );
  });
});
