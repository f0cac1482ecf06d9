import { type ChatChunk, type ChatMessage, type ChatTurn, MAX_CHAT_MESSAGES } from "@live/shared";

/** A turn as stored: the public fields plus the code around it, which undo needs (rule AI7). */
export interface StoredTurn extends ChatTurn {
  codeBefore: string;
  codeAfter: string | null;
}

/**
 * Where one codeSpace's conversation lives (rule AI3): its messages (at most MAX_CHAT_MESSAGES, oldest
 * dropped first), its turns, and the chunks of the latest turn, for a reload or a late joiner to replay.
 */
export interface ChatStore {
  /** The newest `limit` messages, oldest first. */
  messages(limit?: number): ChatMessage[];
  hasMessage(id: string): boolean;
  addMessage(message: ChatMessage): void;
  turn(id: string): StoredTurn | null;
  /** The newest `limit` turns, oldest first. */
  turns(limit: number): StoredTurn[];
  running(): StoredTurn[];
  saveTurn(turn: StoredTurn): void;
  addChunk(turn: string, seq: number, chunk: ChatChunk): void;
  chunks(turn: string): ChatChunk[];
  /** Drops every turn's chunks but `keep`'s: only the newest turn is replayed chunk by chunk. */
  dropChunksExcept(keep: string): void;
}

/** The in-memory ChatStore for plain-Node tests; same contract as the SQLite one. */
export class MemoryChatStore implements ChatStore {
  private readonly list: ChatMessage[] = [];
  private readonly turnMap = new Map<string, StoredTurn>();
  private readonly chunkMap = new Map<string, ChatChunk[]>();

  constructor(private readonly maxMessages = MAX_CHAT_MESSAGES) {}

  messages(limit = this.maxMessages): ChatMessage[] {
    return structuredClone(this.list.slice(-limit));
  }
  hasMessage(id: string): boolean {
    return this.list.some((m) => m.id === id);
  }
  addMessage(message: ChatMessage): void {
    this.list.push(structuredClone(message));
    if (this.list.length > this.maxMessages) this.list.splice(0, this.list.length - this.maxMessages);
  }
  turn(id: string): StoredTurn | null {
    const t = this.turnMap.get(id);
    return t ? { ...t } : null;
  }
  turns(limit: number): StoredTurn[] {
    return [...this.turnMap.values()].slice(-limit).map((t) => ({ ...t }));
  }
  running(): StoredTurn[] {
    return [...this.turnMap.values()].filter((t) => t.status === "running").map((t) => ({ ...t }));
  }
  saveTurn(turn: StoredTurn): void {
    this.turnMap.set(turn.id, { ...turn });
  }
  addChunk(turn: string, _seq: number, chunk: ChatChunk): void {
    const list = this.chunkMap.get(turn) ?? [];
    list.push(structuredClone(chunk));
    this.chunkMap.set(turn, list);
  }
  chunks(turn: string): ChatChunk[] {
    return structuredClone(this.chunkMap.get(turn) ?? []);
  }
  dropChunksExcept(keep: string): void {
    for (const id of [...this.chunkMap.keys()]) if (id !== keep) this.chunkMap.delete(id);
  }
}
