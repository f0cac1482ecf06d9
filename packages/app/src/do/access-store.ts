import { type AccessPolicy, ANONYMOUS, OPEN, type Principal } from "../auth/can.ts";

/**
 * A codeSpace's access policy in its Durable Object's SQLite (rule A8): the object is the single writer of its code,
 * so it is also the authority on who may write it; D1 only indexes owned codeSpaces for listing. One row, JSON.
 */
export class AccessStore {
  constructor(private readonly storage: DurableObjectStorage) {
    storage.sql.exec("CREATE TABLE IF NOT EXISTS access (id INTEGER PRIMARY KEY CHECK (id = 1), policy TEXT NOT NULL)");
  }

  load(): AccessPolicy {
    const row = this.storage.sql.exec<{ policy: string }>("SELECT policy FROM access WHERE id = 1").toArray()[0];
    return row ? (JSON.parse(row.policy) as AccessPolicy) : OPEN;
  }

  save(policy: AccessPolicy): void {
    this.storage.sql.exec(
      "INSERT INTO access (id, policy) VALUES (1, ?) ON CONFLICT(id) DO UPDATE SET policy = excluded.policy",
      JSON.stringify(policy),
    );
  }
}

/** The header on which the Worker tells the object who opens a socket; the Worker overwrites whatever a client sent. */
export const PRINCIPAL_HEADER = "X-Live-Principal";

/** The principal the Worker put on `PRINCIPAL_HEADER`; absent or unreadable is anonymous. */
export function parsePrincipal(header: string | null): Principal {
  if (!header) return ANONYMOUS;
  try {
    return JSON.parse(header) as Principal;
  } catch {
    return ANONYMOUS;
  }
}

/**
 * C13: the header on which the Worker tells a relay object its shard, and on which a writer answers an upgrade it
 * hands to a relay. The Worker sets the first itself and reads the second only from the writer's answer.
 */
export const RELAY_HEADER = "X-Live-Relay";
