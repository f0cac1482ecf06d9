import {
  CLOSE,
  MAX_FRAME_BYTES,
  parseClientMessage,
  type Result,
  type ServerMessage,
  type Session,
  type WriteResult,
} from "@live/shared";
import type { Penalties, RateLimiter, RoomSocket } from "./socket.ts";

/**
 * The JSON channel's handling of one frame (rules C6, C8, C10, C11, A9), shared by the writer's Room and the relay
 * objects of the relay tier (C13): the two differ only in how a code write reaches the codeSpace.
 */

export const FORBIDDEN: ServerMessage = {
  type: "error",
  code: "forbidden",
  message: "this codeSpace is owned: only its owner and editors may change it (sign in, or fork it to edit)",
};

/** C6: the frame every JSON socket gets after a session change. */
export const sessionUpdate = (s: Session): ServerMessage => ({
  type: "session-update",
  codeSpace: s.codeSpace,
  hash: s.hash,
  version: s.version,
  code: s.code,
  transpiled: s.transpiled,
  html: s.html,
  css: s.css,
  errors: s.errors,
});

export function send(socket: RoomSocket, message: ServerMessage): void {
  try {
    socket.send(JSON.stringify(message));
  } catch {
    // The socket is closing.
  }
}

/**
 * C10, C11 for a frame of either channel: over 1 MiB closes the socket (1009); over its rate a JSON socket is told
 * once, then closed (1008), a Yjs socket is closed at once, and its address waits before it may reconnect.
 * Returns true when the frame was refused (and dealt with).
 */
export function refuseFrame(
  socket: RoomSocket,
  data: string | ArrayBuffer | Uint8Array,
  limiter: RateLimiter,
  penalties: Penalties,
): boolean {
  const size = typeof data === "string" ? data.length : data.byteLength;
  if (size > MAX_FRAME_BYTES) {
    socket.close(CLOSE.message_too_big, `frames are at most ${MAX_FRAME_BYTES} bytes`);
    return true;
  }
  const { verdict, warn } = limiter.take(socket.id);
  if (verdict === "close" || (verdict === "over" && socket.state.kind === "yjs")) {
    penalties.add(socket.state.address);
    socket.close(CLOSE.policy_violation, "rate limit exceeded: slow down and reconnect");
    return true;
  }
  if (verdict === "over") {
    if (warn) send(socket, { type: "error", code: "rate_limited", message: "too many messages; this one was refused" });
    return true;
  }
  return false;
}

/** C6, C8: a ping is answered, a bad frame gets its error, a code write by a socket that may write is acked. */
export async function jsonMessage(
  socket: RoomSocket,
  data: string | ArrayBuffer | Uint8Array,
  write: (code: string) => Promise<Result<WriteResult>>,
): Promise<void> {
  if (typeof data !== "string") {
    return send(socket, { type: "error", code: "binary_not_supported", message: "send JSON text frames" });
  }
  const parsed = parseClientMessage(data);
  if (!parsed.ok) return send(socket, { type: "error", code: parsed.code, message: parsed.message });
  if (parsed.message.type === "ping") return send(socket, { type: "pong" });
  if (socket.state.readOnly) return send(socket, FORBIDDEN);
  const result = await write(parsed.message.code);
  if (!result.ok) {
    const code =
      result.error.code === "forbidden" || result.error.code === "auth_required" ? "forbidden" : "write_failed";
    return send(socket, { type: "error", code, message: result.error.message });
  }
  send(socket, { type: "ack", hash: result.value.hash, version: result.value.version, changed: result.value.changed });
}

/**
 * A9: rights changed; every socket is decided again. One that lost write access is saved read-only and told once
 * (`tell`); one that gained it is saved writable.
 */
export function redecide(
  sockets: RoomSocket[],
  mayWrite: (socket: RoomSocket) => boolean,
  tell: (socket: RoomSocket) => void,
): void {
  for (const socket of sockets) {
    const readOnly = !mayWrite(socket);
    if (readOnly === !!socket.state.readOnly) continue;
    socket.save({ ...socket.state, readOnly, told: false });
    if (readOnly) tell(socket);
  }
}
