// Real clients of the collaboration endpoints: the stock y-websocket provider and a JSON channel socket.
import WebSocket from "ws";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";

/**
 * `ws` without permessage-deflate, for every test and bench client. They share one Node process, where `ws`
 * inflates each compressed frame through an async zlib queue (10 at a time, on libuv's threads): under the
 * flood of case 4, 21 clients spent 3.6 s of CPU in zlib in 8 s and that queue, not the server, held keystrokes
 * back for seconds (p99 5.1 s; 0.6-0.8 s without compression). A browser inflates natively, one socket per
 * machine; y-websocket's own server never compresses.
 */
export class PlainWebSocket extends WebSocket {
  constructor(
    url: string | URL,
    protocols?: string | string[] | WebSocket.ClientOptions,
    options?: WebSocket.ClientOptions,
  ) {
    const withOptions = typeof protocols === "object" && !Array.isArray(protocols);
    const opts = { ...(withOptions ? protocols : options), perMessageDeflate: false };
    if (withOptions || protocols === undefined) super(url, opts);
    else super(url, protocols, opts);
  }
}

export async function waitFor(check: () => boolean | Promise<boolean>, what: string, timeout = 10_000): Promise<void> {
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`timed out waiting for ${what}`);
}

export interface YClient {
  doc: Y.Doc;
  text: Y.Text;
  provider: WebsocketProvider;
  destroy(): void;
}

/** `new WebsocketProvider("ws://host/live/{cs}", "yjs", doc)`, exactly as a browser editor does. */
export async function yClient(baseUrl: string, codeSpace: string): Promise<YClient> {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(`${baseUrl.replace("http", "ws")}/live/${codeSpace}`, "yjs", doc, {
    WebSocketPolyfill: PlainWebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  });
  await waitFor(() => provider.synced, `y-websocket sync of ${codeSpace}`);
  return { doc, text: doc.getText("code"), provider, destroy: () => provider.destroy() };
}

export interface JsonClient {
  ws: WebSocket;
  messages: Record<string, unknown>[];
  send(message: unknown): void;
  next(pred: (m: Record<string, unknown>) => boolean, what: string): Promise<Record<string, unknown>>;
  close(): void;
}

/** A JSON channel socket; `headers` (a session cookie and the page's Origin) open it as a signed-in user. */
export async function jsonClient(
  baseUrl: string,
  codeSpace: string,
  headers?: Record<string, string>,
): Promise<JsonClient> {
  const ws = new PlainWebSocket(`${baseUrl.replace("http", "ws")}/live/${codeSpace}/websocket`, { headers });
  const messages: Record<string, unknown>[] = [];
  ws.on("message", (data, isBinary) => {
    if (!isBinary) messages.push(JSON.parse(String(data)));
  });
  await new Promise<void>((resolve, reject) => {
    ws.once("open", () => resolve());
    ws.once("error", reject);
  });
  let seen = 0;
  return {
    ws,
    messages,
    send: (m) => ws.send(typeof m === "string" ? m : JSON.stringify(m)),
    async next(pred, what) {
      let found: Record<string, unknown> | undefined;
      await waitFor(() => {
        const i = messages.findIndex((m, idx) => idx >= seen && pred(m));
        if (i < 0) return false;
        found = messages[i];
        seen = i + 1;
        return true;
      }, what);
      return found as Record<string, unknown>;
    },
    close: () => ws.close(),
  };
}
