// Follows a codeSpace over the JSON WebSocket channel and calls back with each session update.
// Reconnects with capped exponential backoff; a preview without the channel still shows its first render.

export interface LiveUpdate {
  hash: string;
  code?: string;
  transpiled?: string;
  html?: string;
  css?: string;
}

export function follow(codeSpace: string, onUpdate: (update: LiveUpdate) => void): void {
  let delay = 250;
  const connect = () => {
    const url = `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/live/${codeSpace}/websocket`;
    const ws = new WebSocket(url);
    ws.onopen = () => {
      delay = 250;
    };
    ws.onmessage = (event) => {
      try {
        const msg = JSON.parse(String(event.data)) as LiveUpdate & { type?: string };
        if ((msg.type === "session-update" || msg.type === "handshake") && msg.hash) onUpdate(msg);
      } catch {
        // A frame we cannot read is the server's bug, not the user's: keep the preview running.
      }
    };
    ws.onclose = () => {
      setTimeout(connect, delay);
      delay = Math.min(delay * 2, 10_000);
    };
  };
  connect();
}
