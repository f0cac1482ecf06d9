// The Chat tab in real Chromium (rules AI3, AI7, AI14): a question typed in the panel streams its answer, the
// assistant's edit arrives in the editor, and Undo takes it back.
import { mkdirSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser } from "../support/browser.ts";
import { type DevServer, startDevServer } from "../support/dev-server.ts";
import { type FakeAi, startFakeAi } from "../support/fake-ai.ts";
import { putCode, uniqueName } from "../support/http.ts";

const CODE = "export default () => <p>one</p>;\n";
const EDITED = "export default () => <p>ONE</p>;\n";

let fake: FakeAi;
let server: DevServer;
let browser: Browser;
const pageErrors: string[] = [];

beforeAll(async () => {
  fake = await startFakeAi();
  server = await startDevServer({
    vars: { AI_BASE_URL: fake.url, AI_MODEL: "fake-model", AI_PROVIDER: "openai-compatible" },
  });
  // Pay the transpiler's first start here, not inside the test's timeout.
  await fetch(`${server.url}/transpile`, { method: "POST", body: "export default () => <p />;" });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.dispose();
  await fake?.close();
});

const editorText = (page: Page) =>
  page.evaluate(() => (window as unknown as { liveEditor: { getValue(): string } }).liveEditor.getValue());

describe("the Chat tab", () => {
  it("AI14: a question streams its answer, the edit reaches the editor, Undo restores the code", async () => {
    const cs = uniqueName("chat-ui");
    expect((await putCode(server.url, cs, CODE)).ok).toBe(true);
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    page.on("pageerror", (err) => pageErrors.push(err.message));
    await page.goto(`${server.url}/live/${cs}`, { waitUntil: "commit" });
    await page.waitForSelector(".monaco-editor .view-lines", { timeout: 90_000 });
    await page.waitForSelector('#status[data-state="connected"]', { timeout: 30_000 });
    await expect.poll(() => editorText(page)).toBe(CODE);

    await page.click("[data-dock='chat']");
    await expect.poll(() => page.locator(".chat-model").textContent()).toBe("fake-model");
    fake.script([
      {
        text: "Making it loud.",
        tools: [{ name: "edit_code", args: { edits: [{ startLine: 1, endLine: 1, newContent: EDITED.trimEnd() }] } }],
      },
      { text: "Done: it says **ONE** now.\n\n```tsx\n<p>ONE</p>\n```" },
    ]);
    await page.fill(".chat-input", "Make it loud");
    await page.press(".chat-input", "Shift+Enter");
    await page.keyboard.type("please");
    expect(await page.inputValue(".chat-input")).toBe("Make it loud\nplease");
    await page.press(".chat-input", "Enter");

    await expect.poll(() => editorText(page)).toBe(EDITED);
    const answer = page.locator(".chat-msg.assistant");
    await expect.poll(() => answer.locator("strong").textContent()).toBe("ONE");
    // The answer streams: the code block comes after the bold word.
    await expect.poll(() => answer.locator("pre.md-code code").textContent()).toBe("<p>ONE</p>");
    expect(await answer.locator(".chat-tool summary").first().textContent()).toContain("edit_code");
    expect(await page.locator(".chat-msg.user .chat-who").textContent()).toContain("asked");
    expect(await page.locator(".chat-diff-body .add").first().textContent()).toContain(
      "+export default () => <p>ONE</p>;",
    );
    expect(await page.inputValue(".chat-input")).toBe("");

    mkdirSync("test-artifacts", { recursive: true });
    await page.screenshot({ path: "test-artifacts/chat-panel.png" });
    await page.click(".chat-undo");
    await expect.poll(() => editorText(page)).toBe(CODE);
    await expect.poll(() => page.locator(".chat-notice").textContent()).toContain("Undone as version");

    // History across reloads: the conversation is still there.
    await page.reload({ waitUntil: "commit" });
    await page.waitForSelector(".chat-msg.assistant strong", { state: "attached", timeout: 90_000 });
    expect(pageErrors).toEqual([]);
    await context.close();
  });
});
