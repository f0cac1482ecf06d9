import { type ChatChunk, type ChatMessage, MAX_CHAT_MESSAGES } from "@live/shared";
import type { ChatStore, StoredTurn } from "./store.ts";

/**
 * The chat's tables, created if missing. They are the assistant's own (rule AI3) and do not take a number in
 * the codeSpace's migration list, so the chat and other features can add tables without renumbering.
 */
const SCHEMA = `
  CREATE TABLE IF NOT EXISTS chat_messages (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, body TEXT NOT NULL);
  CREATE TABLE IF NOT EXISTS chat_turns (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, status TEXT NOT NULL, body TEXT NOT NULL);
  CREATE TABLE IF NOT EXISTS chat_chunks (
    turn TEXT NOT NULL, seq INTEGER NOT NULL, body TEXT NOT NULL, PRIMARY KEY (turn, seq));`;

type Row = Record<string, SqlStorageValue>;

/** ChatStore over Durable Object SQLite: rows hold JSON bodies, the columns are what queries select on. */
export class SqliteChatStore implements ChatStore {
  constructor(
    private readonly sql: SqlStorage,
    private readonly maxMessages = MAX_CHAT_MESSAGES,
  ) {
    sql.exec(SCHEMA);
  }

  messages(limit = this.maxMessages): ChatMessage[] {
    return this.sql
      .exec<Row>("SELECT body FROM (SELECT seq, body FROM chat_messages ORDER BY seq DESC LIMIT ?) ORDER BY seq", limit)
      .toArray()
      .map((r) => JSON.parse(String(r.body)) as ChatMessage);
  }

  hasMessage(id: string): boolean {
    return this.sql.exec("SELECT 1 FROM chat_messages WHERE id = ?", id).toArray().length > 0;
  }

  addMessage(message: ChatMessage): void {
    this.sql.exec("INSERT INTO chat_messages (id, body) VALUES (?, ?)", message.id, JSON.stringify(message));
    // AI11: the oldest messages go first once there are more than the limit.
    this.sql.exec(
      "DELETE FROM chat_messages WHERE seq <= (SELECT seq FROM chat_messages ORDER BY seq DESC LIMIT 1 OFFSET ?)",
      this.maxMessages,
    );
  }

  turn(id: string): StoredTurn | null {
    const row = this.sql.exec<Row>("SELECT body FROM chat_turns WHERE id = ?", id).toArray()[0];
    return row ? (JSON.parse(String(row.body)) as StoredTurn) : null;
  }

  turns(limit: number): StoredTurn[] {
    return this.sql
      .exec<Row>("SELECT body FROM (SELECT seq, body FROM chat_turns ORDER BY seq DESC LIMIT ?) ORDER BY seq", limit)
      .toArray()
      .map((r) => JSON.parse(String(r.body)) as StoredTurn);
  }

  running(): StoredTurn[] {
    return this.sql
      .exec<Row>("SELECT body FROM chat_turns WHERE status = 'running'")
      .toArray()
      .map((r) => JSON.parse(String(r.body)) as StoredTurn);
  }

  saveTurn(turn: StoredTurn): void {
    this.sql.exec(
      `INSERT INTO chat_turns (id, status, body) VALUES (?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET status = excluded.status, body = excluded.body`,
      turn.id,
      turn.status,
      JSON.stringify(turn),
    );
  }

  addChunk(turn: string, seq: number, chunk: ChatChunk): void {
    this.sql.exec("INSERT INTO chat_chunks (turn, seq, body) VALUES (?, ?, ?)", turn, seq, JSON.stringify(chunk));
  }

  chunks(turn: string): ChatChunk[] {
    return this.sql
      .exec<Row>("SELECT body FROM chat_chunks WHERE turn = ? ORDER BY seq", turn)
      .toArray()
      .map((r) => JSON.parse(String(r.body)) as ChatChunk);
  }

  dropChunksExcept(keep: string): void {
    this.sql.exec("DELETE FROM chat_chunks WHERE turn <> ?", keep);
  }
}
