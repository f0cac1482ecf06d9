import { FAVICON } from "./html.ts";

/**
 * `/settings`: the signed-in user's API keys (rule A11): create one (shown once, with the ready `claude mcp add`
 * line and Cursor's JSON), list them by name and prefix, revoke; and their passkeys (A22): add one on this device,
 * list them, remove one (never the last way to sign in). Signed out, it offers the sign-in form. Its one inline
 * script runs by the response's CSP nonce; everything it shows is set as text, never as HTML.
 */
export function settingsPage(nonce: string, origin: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Account · live</title>
${FAVICON}
<style>
body{margin:0;background:#0b0d12;color:#e6e8ef;font:15px/1.5 Inter,system-ui,sans-serif}main{max-width:760px;margin:0 auto;padding:32px}
a{color:#c4b5fd}h1{margin:0 0 8px}p{color:#a3abc0}input,button{font:inherit;padding:8px 10px;border-radius:8px;border:1px solid #232838;background:#11141b;color:#e6e8ef}
button.primary{background:#7c5cff;border-color:#7c5cff;color:#fff}form{display:flex;gap:8px;flex-wrap:wrap;margin:12px 0}
table{width:100%;border-collapse:collapse;margin-bottom:24px}h2{margin:28px 0 4px;font-size:18px}td,th{text-align:left;padding:6px;border-bottom:1px solid #232838}pre{white-space:pre-wrap;word-break:break-all;background:#11141b;border:1px solid #232838;border-radius:8px;padding:12px}
.why{color:#f43f5e}[hidden]{display:none}
</style></head><body><main>
<p><a href="/">← live</a></p>
<h1>Account</h1>
<section id="signed-out" hidden>
  <form id="login"><input id="handle" placeholder="handle" autocomplete="username" required><input id="password" type="password" placeholder="password" autocomplete="current-password" required><button class="primary">Sign in</button><button type="button" id="signup">Create account</button></form>
  <div class="why" id="login-why"></div>
</section>
<section id="signed-in" hidden>
  <p id="who"></p>
  <h2>API keys</h2>
  <p>A key lets an agent, a CLI or an MCP client write the codeSpaces you own or edit. It is shown once; keep it like a password. Limit a key to one codeSpace when the agent needs no more.</p>
  <form id="create"><input id="key-name" placeholder="name, e.g. claude-code" required maxlength="64"><input id="key-cs" placeholder="only this codeSpace (optional)" maxlength="64"><button class="primary">Create key</button></form>
  <div class="why" id="create-why"></div>
  <div id="new-key" hidden>
    <p><b>Your new key</b> (it is not shown again):</p><pre id="key-value"></pre>
    <p>Claude Code:</p><pre id="claude-line"></pre>
    <p>Cursor (<code>~/.cursor/mcp.json</code>):</p><pre id="cursor-json"></pre>
  </div>
  <table><thead><tr><th>name</th><th>prefix</th><th>codeSpace</th><th>created</th><th>last used</th><th></th></tr></thead><tbody id="keys"></tbody></table>
  <h2>Passkeys</h2>
  <p>Sign in with this device's screen lock or a security key instead of a password. Remove a passkey you no longer hold; the last one stays while it is your only way to sign in.</p>
  <form id="add-passkey-form"><button class="primary" id="add-passkey">Add a passkey on this device</button></form>
  <div class="why" id="passkey-why"></div>
  <table><thead><tr><th>added</th><th>last used</th><th>reached by</th><th></th></tr></thead><tbody id="passkeys"></tbody></table>
</section>
</main>
<script nonce="${nonce}">
const ORIGIN = ${JSON.stringify(origin)};
const $ = (id) => document.getElementById(id);
async function api(path, method = "GET", body) {
  const res = await fetch(path, { method, headers: body ? { "Content-Type": "application/json" } : {}, body: body ? JSON.stringify(body) : undefined });
  const data = res.status === 204 ? {} : await res.json();
  if (!res.ok) throw new Error(data.error?.message || "HTTP " + res.status);
  return data;
}
function cell(text) { const td = document.createElement("td"); td.textContent = text ?? "—"; return td; }
async function loadKeys() {
  const { keys } = await api("/api/keys");
  $("keys").replaceChildren(...keys.map((k) => {
    const tr = document.createElement("tr");
    const revoke = document.createElement("button");
    revoke.textContent = "Revoke";
    revoke.onclick = async () => { await api("/api/keys/" + k.id, "DELETE"); loadKeys(); };
    const last = document.createElement("td"); last.append(revoke);
    tr.append(cell(k.name), cell(k.prefix + "…"), cell(k.codeSpace || "all yours"), cell(k.createdAt.slice(0, 10)), cell(k.lastUsedAt ? k.lastUsedAt.slice(0, 16).replace("T", " ") : "never"), last);
    return tr;
  }));
}
const when = (iso) => iso ? iso.slice(0, 16).replace("T", " ") : "never";
async function loadPasskeys() {
  const { passkeys } = await api("/api/auth/passkeys");
  $("passkeys").replaceChildren(...passkeys.map((p) => {
    const tr = document.createElement("tr");
    tr.dataset.id = p.id;
    const remove = document.createElement("button");
    remove.textContent = "Remove";
    remove.onclick = async () => {
      $("passkey-why").textContent = "";
      try { await api("/api/auth/passkeys/" + encodeURIComponent(p.id), "DELETE"); await loadPasskeys(); }
      catch (err) { $("passkey-why").textContent = err.message; }
    };
    const last = document.createElement("td"); last.append(remove);
    tr.append(cell(when(p.createdAt)), cell(when(p.lastUsedAt)), cell(p.transports.join(", ") || null), last);
    return tr;
  }));
}
// A22: the browser's own JSON forms of WebAuthn (no library on this page); the server checks the answer.
async function addPasskey() {
  if (!window.PublicKeyCredential?.parseCreationOptionsFromJSON) {
    throw new Error("this browser cannot add a passkey from this page; a current Chrome, Edge, Firefox or Safari can");
  }
  const { flow, options } = await api("/api/auth/passkey/register/options", "POST", {});
  let credential;
  try {
    credential = await navigator.credentials.create({ publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(options) });
  } catch (err) {
    if (err.name === "NotAllowedError") throw new Error("no passkey was added: the request was cancelled or timed out");
    if (err.name === "InvalidStateError") throw new Error("this device already holds a passkey of this account");
    throw err;
  }
  await api("/api/auth/passkey/register/verify", "POST", { flow, response: credential.toJSON() });
}
$("add-passkey-form").onsubmit = async (e) => {
  e.preventDefault();
  $("passkey-why").textContent = "";
  $("add-passkey").disabled = true;
  try { await addPasskey(); await loadPasskeys(); }
  catch (err) { $("passkey-why").textContent = err.message; }
  finally { $("add-passkey").disabled = false; }
};
async function start() {
  const me = await api("/api/me").catch(() => null);
  $("signed-out").hidden = !!me;
  $("signed-in").hidden = !me;
  if (!me) return;
  $("who").textContent = "Signed in as " + me.user.handle + ".";
  await Promise.all([loadKeys(), loadPasskeys()]);
}
async function signIn(kind) {
  try { await api("/api/auth/" + kind, "POST", { handle: $("handle").value, password: $("password").value }); start(); }
  catch (e) { $("login-why").textContent = e.message; }
}
$("login").onsubmit = (e) => { e.preventDefault(); signIn("login"); };
$("signup").onclick = () => signIn("signup");
$("create").onsubmit = async (e) => {
  e.preventDefault();
  $("create-why").textContent = "";
  try {
    const cs = $("key-cs").value.trim();
    const made = await api("/api/keys", "POST", cs ? { name: $("key-name").value, codeSpace: cs } : { name: $("key-name").value });
    const url = ORIGIN + (made.codeSpace ? "/live/" + made.codeSpace + "/mcp" : "/mcp");
    const name = "live" + (made.codeSpace ? "-" + made.codeSpace : "");
    $("key-value").textContent = made.key;
    $("claude-line").textContent = "claude mcp add --transport http " + name + " " + url + ' --header "Authorization: Bearer ' + made.key + '"';
    $("cursor-json").textContent = JSON.stringify({ mcpServers: { [name]: { url, headers: { Authorization: "Bearer " + made.key } } } }, null, 2);
    $("new-key").hidden = false;
    loadKeys();
  } catch (err) { $("create-why").textContent = err.message; }
};
start();
</script></body></html>`;
}
