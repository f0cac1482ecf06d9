// A RoomSocket for tests in plain Node: it records what is sent and how it was closed.
import type { RoomSocket, SocketState } from "./socket.ts";

export class FakeSocket implements RoomSocket {
  sent: (string | Uint8Array)[] = [];
  closed: { code: number; reason: string } | null = null;
  constructor(public state: SocketState) {}
  get id() {
    return this.state.id;
  }
  send(data: string | Uint8Array) {
    this.sent.push(data);
  }
  close(code: number, reason: string) {
    this.closed = { code, reason };
  }
  save(state: SocketState) {
    this.state = state;
  }
  json() {
    return this.sent.filter((d): d is string => typeof d === "string").map((d) => JSON.parse(d));
  }
}
