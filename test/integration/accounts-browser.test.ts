// Accounts in real Chromium (SPEC.md A9, A14, A20, A21, A22): the pages produce no CSP violation in normal use; a person
// signs up and claims; a second browser is read-only and its typing changes nothing on the server; the owner's
// invite makes it an editor, and then its typing arrives.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser } from "../support/browser.ts";
import { uniqueName } from "../support/http.ts";

const base = inject("baseUrl");
let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** A context that records every CSP violation of its pages and frames, and every uncaught error. */
async function context(): Promise<{ ctx: BrowserContext; violations: string[]; errors: string[] }> {
  const ctx = await browser.newContext({ viewport: { width: 1400, height: 860 } });
  const violations: string[] = [];
  const errors: string[] = [];
  await ctx.exposeBinding("__cspViolation", (_source, v: string) => {
    violations.push(v);
  });
  await ctx.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      (window as unknown as { __cspViolation(v: string): void }).__cspViolation(
        `${e.violatedDirective} ${e.blockedURI} at ${location.pathname}`,
      );
    });
  });
  ctx.on("page", (page) => {
    page.on("pageerror", (err) => errors.push(err.message));
    page.on("console", (m) => {
      if (m.text().includes("Content Security Policy")) violations.push(m.text());
    });
  });
  return { ctx, violations, errors };
}

async function openEditor(ctx: BrowserContext, cs: string, hash = ""): Promise<Page> {
  const page = await ctx.newPage();
  await page.goto(`${base}/live/${cs}${hash}`, { waitUntil: "commit" });
  await page.waitForSelector(".monaco-editor .view-lines", { timeout: 90_000 });
  await page.waitForSelector('#status[data-state="connected"]', { timeout: 30_000 });
  await page.waitForSelector("#account > *", { timeout: 30_000 });
  return page;
}

const editorText = (page: Page) =>
  page.evaluate(() => (window as unknown as { liveEditor: { getValue(): string } }).liveEditor.getValue());
const serverCode = async (cs: string) => (await fetch(`${base}/live/${cs}/index.tsx`)).text();

async function typeAtEnd(page: Page, text: string): Promise<void> {
  await page.evaluate(() => {
    const ed = (window as unknown as { liveEditor: { setPosition(p: object): void; focus(): void } }).liveEditor;
    ed.setPosition({ lineNumber: 1, column: 1000 });
    ed.focus();
  });
  await page.keyboard.type(text);
}

async function signUpInDialog(page: Page, handle: string): Promise<void> {
  await page.waitForSelector("#account-dialog[open]");
  await page.fill("#account-dialog input[name=handle]", handle);
  await page.fill("#account-dialog input[name=password]", "a long password");
  await page.click("#account-signup");
}

/** A platform authenticator that answers at once, as CDP's virtual one does. */
const AUTHENTICATOR = {
  protocol: "ctap2",
  transport: "internal",
  hasResidentKey: true,
  hasUserVerification: true,
  isUserVerified: true,
  automaticPresenceSimulation: true,
} as const;

describe("accounts in Chromium", () => {
  it("A21 A22: sign up with a passkey (CDP virtual authenticator), claim, sign in again; settings add a second device's passkey and remove the first", async () => {
    // WebAuthn refuses IP addresses as relying party ids: the same server, as localhost.
    const local = base.replace("127.0.0.1", "localhost");
    const { ctx, violations, errors } = await context();
    const cs = uniqueName("passkey");
    const page = await ctx.newPage();
    const cdp = await ctx.newCDPSession(page);
    await cdp.send("WebAuthn.enable");
    await cdp.send("WebAuthn.addVirtualAuthenticator", { options: AUTHENTICATOR });
    await page.goto(`${local}/live/${cs}`, { waitUntil: "commit" });
    await page.waitForSelector("#account #btn-signin", { timeout: 90_000 });
    await page.click("#btn-signin");
    const handle = uniqueName("pk").toLowerCase().slice(0, 32);
    await page.fill("#account-dialog input[name=handle]", handle);
    await page.click("#passkey-signup");
    await page.waitForSelector("#btn-claim", { timeout: 60_000 });
    await page.click("#btn-claim");
    await page.waitForSelector("#owner", { timeout: 60_000 });
    expect(await page.textContent("#owner")).toBe(`by ${handle}`);

    await page.selectOption("#user-menu", "logout");
    await page.waitForSelector("#account #btn-signin", { timeout: 60_000 });
    await page.click("#btn-signin");
    await page.click("#passkey-login");
    await page.waitForSelector("#user-menu", { timeout: 60_000 });
    expect(await page.$eval("#user-menu option", (o) => o.textContent)).toBe(handle);

    // A22: the settings list the passkey with its last sign-in, and keep it: it is the account's only way in.
    const settings = await ctx.newPage();
    await settings.goto(`${local}/settings`);
    const rows = () => settings.$$eval("#passkeys tr", (trs) => trs.map((tr) => (tr as HTMLElement).dataset.id));
    await settings.waitForSelector("#passkeys tr");
    const [first] = await rows();
    expect(await settings.textContent("#passkeys tr td:nth-child(2)")).not.toBe("never");
    await settings.click(`#passkeys tr[data-id="${first}"] button`);
    await settings.waitForFunction(() => document.getElementById("passkey-why")?.textContent?.includes("only way"));
    // Another device (this tab's own authenticator) adds its passkey; then the first may go.
    const device = await ctx.newCDPSession(settings);
    await device.send("WebAuthn.enable");
    await device.send("WebAuthn.addVirtualAuthenticator", { options: { ...AUTHENTICATOR, transport: "usb" } });
    await settings.click("#add-passkey");
    // Two passkeys and no error (a failure shows its message here).
    const state = async () => `${(await rows()).length} ${await settings.textContent("#passkey-why")}`;
    await expect.poll(state, { timeout: 30_000 }).toBe("2 ");
    await settings.click(`#passkeys tr[data-id="${first}"] button`);
    await expect.poll(rows, { timeout: 30_000 }).toHaveLength(1);
    expect(await rows()).not.toContain(first);
    // Signed out, that device's passkey signs in.
    await ctx.clearCookies();
    await settings.goto(`${local}/live/${cs}`, { waitUntil: "commit" });
    await settings.waitForSelector("#account #btn-signin", { timeout: 90_000 });
    await settings.click("#btn-signin");
    await settings.click("#passkey-login");
    await settings.waitForSelector("#user-menu", { timeout: 60_000 });
    expect(await settings.$eval("#user-menu option", (o) => o.textContent)).toBe(handle);
    expect(violations).toEqual([]);
    expect(errors).toEqual([]);
    await ctx.close();
  });

  it("A20 A10: landing, settings and the editor run with their CSP and produce no violation", async () => {
    const { ctx, violations, errors } = await context();
    const cs = uniqueName("csp");
    await fetch(`${base}/live/${cs}/api/code`, {
      method: "PUT",
      body: JSON.stringify({ code: 'export default () => <h1 id="t" className="p-4">CSP</h1>;\n' }),
    });
    const landing = await ctx.newPage();
    const res = await landing.goto(`${base}/`);
    expect(res?.headers()["content-security-policy"]).toContain("frame-ancestors 'self'");
    await landing.waitForFunction(() => (document.getElementById("new") as HTMLAnchorElement).href.includes("/live/"));
    const settings = await ctx.newPage();
    await settings.goto(`${base}/settings`);
    await settings.waitForSelector("#signed-out:not([hidden])");
    // The page brings who is looking (A10): a visitor's editor asks nothing about them, so no 401 in its console.
    const asked: string[] = [];
    ctx.on("request", (r) => {
      if (/\/api\/(me|access)$/.test(new URL(r.url()).pathname)) asked.push(r.url());
    });
    const page = await openEditor(ctx, cs);
    expect(await page.isVisible("#account #btn-signin")).toBe(true);
    expect(asked).toEqual([]);
    await expect.poll(async () => page.frameLocator("#preview").locator("#t").textContent()).toBe("CSP");
    await typeAtEnd(page, "// typed");
    await expect.poll(() => serverCode(cs)).toContain("// typed");
    // Format loads Prettier; History loads the diff editor: both are lazy chunks under the same policy.
    await page.click("#btn-history");
    await page.waitForSelector("#history[open]");
    expect(violations).toEqual([]);
    expect(errors).toEqual([]);
    await ctx.close();
  });

  it("A9/A14: sign up and claim; a second browser is read-only until the owner's invite makes it an editor", async () => {
    const cs = uniqueName("claimed");
    await fetch(`${base}/live/${cs}/api/code`, { method: "PUT", body: JSON.stringify({ code: "// start\n" }) });
    const a = await context();
    const owner = await openEditor(a.ctx, cs);
    await owner.click("#btn-signin");
    await signUpInDialog(owner, uniqueName("own").toLowerCase().slice(0, 32));
    await owner.waitForSelector("#btn-claim", { timeout: 30_000 });
    await owner.click("#btn-claim");
    await owner.waitForSelector("#owner", { timeout: 30_000 });
    await owner.waitForSelector('#status[data-state="connected"]', { timeout: 30_000 });

    const b = await context();
    const viewer = await openEditor(b.ctx, cs);
    await viewer.waitForSelector("#readonly-banner:not([hidden])");
    await expect.poll(() => editorText(viewer)).toBe("// start\n");
    await typeAtEnd(viewer, " HACK");
    // The owner's typing still reaches the viewer, and what the viewer tried never reached the server.
    await typeAtEnd(owner, " owner");
    await expect.poll(() => editorText(viewer)).toContain("// start owner");
    await expect.poll(() => serverCode(cs)).toContain("// start owner");
    expect(await serverCode(cs)).not.toContain("HACK");

    await owner.click("#btn-members");
    await owner.click("#invite-create");
    await owner.waitForFunction(() =>
      (document.getElementById("invite-url") as HTMLInputElement).value.includes("#invite="),
    );
    const url = await owner.$eval("#invite-url", (e) => (e as HTMLInputElement).value);
    const invited = await b.ctx.newPage();
    await invited.goto(url, { waitUntil: "commit" });
    await signUpInDialog(invited, uniqueName("ed").toLowerCase().slice(0, 32));
    // Accepted, the page reloads without the token and the editor is writable.
    await invited.waitForURL(`${base}/live/${cs}`, { timeout: 30_000 });
    await invited.waitForSelector("#account #btn-members", { timeout: 90_000 });
    await invited.waitForSelector('#status[data-state="connected"]', { timeout: 30_000 });
    expect(await invited.isHidden("#readonly-banner")).toBe(true);
    await typeAtEnd(invited, " editor");
    await expect.poll(() => serverCode(cs)).toContain("owner editor");
    await expect.poll(() => editorText(owner)).toContain("owner editor");
    // A23: opened again, Members shows the new editor; a second link, not used, is listed and revoked.
    await owner.click("#members-dialog button:text-is('Close')");
    await owner.click("#btn-members");
    const editorId = await invited.evaluate(async () => (await (await fetch("/api/me")).json()).user.id);
    await owner.waitForSelector(`#members-list li[data-id="${editorId}"]`);
    await owner.waitForSelector("#invites-list li.none");
    await owner.click("#invite-create");
    await owner.waitForSelector("#invites-list li button");
    const second = await owner.$eval("#invite-url", (e) => (e as HTMLInputElement).value);
    await owner.click("#invites-list li button");
    await owner.waitForSelector("#invites-list li.none");
    const late = await b.ctx.newPage();
    await late.goto(second, { waitUntil: "commit" });
    await late.waitForFunction(() => /unknown, used or expired/.test(document.body.textContent ?? ""), null, {
      timeout: 60_000,
    });
    await late.close();
    // The owner removes the editor: their open editor turns read-only at once, without a reload.
    await owner.click(`#members-list li[data-id="${editorId}"] button`);
    await owner.waitForFunction((id) => !document.querySelector(`#members-list li[data-id="${id}"]`), editorId);
    await invited.waitForSelector("#readonly-banner:not([hidden])", { timeout: 30_000 });
    expect(await invited.textContent("#readonly-banner")).toContain("no longer edit");
    expect([...a.violations, ...b.violations]).toEqual([]);
    expect([...a.errors, ...b.errors]).toEqual([]);
    await a.ctx.close();
    await b.ctx.close();
  });
});
