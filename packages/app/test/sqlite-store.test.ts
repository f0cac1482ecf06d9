import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { storeContract } from "../src/storage/contract.ts";
import { SqliteStore } from "../src/storage/sqlite.ts";

let n = 0;
/** Each test body runs inside a fresh Durable Object, against its real (empty) SQLite storage. */
storeContract("SqliteStore (Durable Object SQLite in workerd)", (body) => {
  const stub = env.CODE.get(env.CODE.idFromName(`store-contract-${n++}-${Date.now()}`));
  return runInDurableObject(stub, (_instance, state) => {
    const store = new SqliteStore(state.storage);
    store.migrate(); // the Durable Object already migrated: migrations are idempotent
    body(store);
  });
});
