import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { SqliteChatStore } from "../src/chat/sqlite-store.ts";
import { chatStoreContract } from "../src/chat/store-contract.ts";

let n = 0;
/** Each test body runs inside a fresh Durable Object, against its real (empty) SQLite storage. */
chatStoreContract("SqliteChatStore (Durable Object SQLite in workerd)", (max, body) => {
  const stub = env.CODE.get(env.CODE.idFromName(`chat-store-contract-${n++}-${Date.now()}`));
  return runInDurableObject(stub, (_instance, state) => body(new SqliteChatStore(state.storage.sql, max)));
});
