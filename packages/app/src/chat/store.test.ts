import { MemoryChatStore } from "./store.ts";
import { chatStoreContract } from "./store-contract.ts";

chatStoreContract("MemoryChatStore", async (max, body) => body(new MemoryChatStore(max)));
