import { MAX_CODE_BYTES } from "@live/shared";
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import * as authProtocol from "y-protocols/auth";
import * as awarenessProtocol from "y-protocols/awareness";
import * as syncProtocol from "y-protocols/sync";
import * as Y from "yjs";
import { insertedBytes, type LiveDoc } from "./doc.ts";
import type { RoomSocket } from "./socket.ts";

/** y-websocket's message types. */
const MESSAGE_SYNC = 0;
const MESSAGE_AWARENESS = 1;
const MESSAGE_AUTH = 2;
const MESSAGE_QUERY_AWARENESS = 3;

export class RefusedUpdate extends Error {}

/**
 * The y-websocket protocol over one document (rules C1, C8, C9): sync step 1/2 and updates, awareness relay.
 * The stock `y-websocket` client speaks it unchanged.
 */
export class YjsChannel {
  readonly awareness: awarenessProtocol.Awareness;

  constructor(
    private readonly live: LiveDoc,
    private readonly peers: () => RoomSocket[],
    private readonly bySocketId: (id: string) => RoomSocket | undefined,
  ) {
    this.awareness = new awarenessProtocol.Awareness(live.doc);
    this.awareness.setLocalState(null);
    live.onUpdate((update, origin) => {
      const from = (origin as RoomSocket | null)?.id;
      this.broadcast(
        syncMessage((e) => syncProtocol.writeUpdate(e, update)),
        from,
      );
    });
    this.awareness.on("update", (change: AwarenessChange, origin: unknown) => {
      const socket = typeof origin === "string" ? this.bySocketId(origin) : undefined;
      if (socket) {
        const ids = new Set(socket.state.clientIds);
        for (const id of change.added) ids.add(id);
        for (const id of change.removed) ids.delete(id);
        if (ids.size !== socket.state.clientIds.length || change.added.length) {
          socket.save({ ...socket.state, clientIds: [...ids] });
        }
      }
      const changed = [...change.added, ...change.updated, ...change.removed];
      const message = encoding.encode((e) => {
        encoding.writeVarUint(e, MESSAGE_AWARENESS);
        encoding.writeVarUint8Array(e, awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed));
      });
      this.broadcast(message);
    });
  }

  /**
   * The server's own presence (the assistant, rule AI6): a named cursor at `index` of the text, in y-monaco's
   * `selection` format, or none. Peers see it like any other person's cursor.
   */
  setServerPresence(user: { name: string; color: string }, index: number | null): void {
    if (index === null) {
      if (this.awareness.getLocalState() !== null) this.awareness.setLocalState(null);
      return;
    }
    const at = Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(this.live.text, index));
    this.awareness.setLocalState({ user, selection: { anchor: at, head: at } });
  }

  /** A new socket gets our state vector (sync step 1) and everyone's presence. */
  open(socket: RoomSocket): void {
    socket.send(syncMessage((e) => syncProtocol.writeSyncStep1(e, this.live.doc)));
    const states = [...this.awareness.getStates().keys()];
    if (states.length) socket.send(this.awarenessMessage(states));
  }

  /** Handles one binary frame; throws on a frame that is not the protocol (the caller closes with 1003). */
  message(socket: RoomSocket, data: Uint8Array): void {
    const decoder = decoding.createDecoder(data);
    const type = decoding.readVarUint(decoder);
    if (type === MESSAGE_SYNC) {
      const sub = decoding.readVarUint(decoder);
      if (sub === syncProtocol.messageYjsSyncStep1) {
        const stateVector = decoding.readVarUint8Array(decoder);
        socket.send(syncMessage((e) => syncProtocol.writeSyncStep2(e, this.live.doc, stateVector)));
      } else if (sub === syncProtocol.messageYjsSyncStep2 || sub === syncProtocol.messageYjsUpdate) {
        // A9: a read-only socket still syncs and shows presence; what it would change is dropped.
        if (socket.state.readOnly) {
          this.denied(socket);
          return;
        }
        const update = decoding.readVarUint8Array(decoder);
        // C10: refuse an update that would take the document over 1 MiB of code. The Y.Text's length is the
        // code's length without building the string (that cost O(document) on every frame of a trace).
        const bytes = insertedBytes(update);
        if (this.live.lengthWithQueue + bytes > MAX_CODE_BYTES) {
          throw new RefusedUpdate(`the document would be over ${MAX_CODE_BYTES} bytes of code`);
        }
        // C2: applied, logged and relayed with the rest of its burst, in one storage commit.
        this.live.enqueue(update, socket, bytes);
      } else {
        throw new Error(`unknown sync message ${sub}`);
      }
    } else if (type === MESSAGE_AWARENESS) {
      // A cursor may point into text still queued: peers get that text first, as it arrived.
      this.live.flush();
      awarenessProtocol.applyAwarenessUpdate(this.awareness, decoding.readVarUint8Array(decoder), socket.id);
    } else if (type === MESSAGE_QUERY_AWARENESS) {
      socket.send(this.awarenessMessage([...this.awareness.getStates().keys()]));
    } else {
      throw new Error(`unknown message type ${type}`);
    }
  }

  /** Tells a read-only client once (y-protocols' auth message, which the stock provider understands). */
  denied(socket: RoomSocket, reason = "permission-denied"): void {
    if (socket.state.told) return;
    socket.save({ ...socket.state, told: true });
    socket.send(
      encoding.encode((e) => {
        encoding.writeVarUint(e, MESSAGE_AUTH);
        authProtocol.writePermissionDenied(e, reason);
      }),
    );
  }

  /** C9: a socket's presence is cleared when it goes. */
  close(socket: RoomSocket): void {
    const known = socket.state.clientIds.filter((id) => this.awareness.meta.has(id));
    if (known.length) awarenessProtocol.removeAwarenessStates(this.awareness, known, "close");
  }

  private awarenessMessage(clients: number[]): Uint8Array {
    return encoding.encode((e) => {
      encoding.writeVarUint(e, MESSAGE_AWARENESS);
      encoding.writeVarUint8Array(e, awarenessProtocol.encodeAwarenessUpdate(this.awareness, clients));
    });
  }

  private broadcast(message: Uint8Array, except?: string): void {
    for (const peer of this.peers()) {
      if (peer.id === except) continue;
      try {
        peer.send(message);
      } catch {
        // A socket that cannot be written to is closing; its close event cleans up.
      }
    }
  }
}

interface AwarenessChange {
  added: number[];
  updated: number[];
  removed: number[];
}

const syncMessage = (write: (e: encoding.Encoder) => void): Uint8Array =>
  encoding.encode((e) => {
    encoding.writeVarUint(e, MESSAGE_SYNC);
    write(e);
  });
