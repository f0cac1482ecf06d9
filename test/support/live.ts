// Real clients of the collaboration endpoints: the stock y-websocket provider and a JSON channel socket.
import WebSocket from "ws";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";

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
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
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

export async function jsonClient(baseUrl: string, codeSpace: string): Promise<JsonClient> {
  const ws = new WebSocket(`${baseUrl.replace("http", "ws")}/live/${codeSpace}/websocket`);
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
