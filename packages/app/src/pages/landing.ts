import { FAVICON } from "./html.ts";

/** `/`: start a new codeSpace or reopen a recent one (kept in this browser's localStorage). */
export function landingPage(nonce: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>live · a collaborative React playground</title>
${FAVICON}
<style>
body{margin:0;min-height:100vh;display:grid;place-items:center;background:radial-gradient(circle at 20% 10%,#2b1f66,#0b0d12 60%);color:#e6e8ef;font:16px/1.5 Inter,system-ui,sans-serif}
main{max-width:560px;padding:32px}h1{font-size:44px;line-height:1.1;margin:0 0 12px;background:linear-gradient(135deg,#a78bfa,#22d3ee);-webkit-background-clip:text;background-clip:text;color:transparent}
p{color:#a3abc0}a.go{display:inline-block;margin-top:16px;padding:12px 20px;border-radius:12px;background:#7c5cff;color:white;text-decoration:none;font-weight:600}
ul{padding:0;list-style:none}li a{color:#c4b5fd;font-family:ui-monospace,monospace}li a.pub{color:#67e8f9;font-size:13px}
</style></head><body><main>
<h1>Write React. Together. Live.</h1>
<p>A TSX playground where every edit reaches everyone at once: shareable URLs, multiplayer cursors, version history, and an MCP endpoint for AI agents.</p>
<a class="go" id="new" href="#">Start a new codeSpace →</a>
<section id="mine" hidden><h3>My codeSpaces</h3><ul id="mine-list"></ul><p><a href="/settings">API keys for agents →</a></p></section>
<h3>Recent</h3><ul id="recent"><li>None yet.</li></ul>
</main>
<script nonce="${nonce}">
const A="abcdefghijkmnopqrstuvwxyz23456789",r=crypto.getRandomValues(new Uint8Array(12)),c=[...r].map(b=>A[b%A.length]).join("");
document.getElementById("new").href="/live/"+c.slice(0,4)+"-"+c.slice(4,8)+"-"+c.slice(8);
const recent=JSON.parse(localStorage.getItem("live:recent")||"[]");
const item=(n,extra)=>{const li=document.createElement("li"),a=document.createElement("a");a.href="/live/"+n;a.textContent=n;li.append(a);if(extra)li.append(" "+extra);return li};
fetch("/api/codespaces").then(r=>r.ok?r.json():null).then(d=>{if(!d)return;document.getElementById("mine").hidden=false;document.getElementById("mine-list").replaceChildren(...(d.codeSpaces.length?d.codeSpaces.map(c=>{const li=item(c.codeSpace,c.role==="owner"?"":"(editor, by "+c.owner.handle+")");if(c.title)li.firstChild.textContent=c.title+" · "+c.codeSpace;if(c.description)li.title=c.description;if(c.publishedVersion){const p=document.createElement("a");p.href="/p/"+c.codeSpace;p.className="pub";p.textContent="published v"+c.publishedVersion;li.append(" ",p)}return li}):[Object.assign(document.createElement("li"),{textContent:"None yet: claim a codeSpace in the editor."})]))}).catch(()=>{});
if(recent.length)document.getElementById("recent").replaceChildren(...recent.map(n=>{const li=document.createElement("li"),a=document.createElement("a");a.href="/live/"+n;a.textContent=n;li.append(a);return li}));
</script></body></html>`;
}
