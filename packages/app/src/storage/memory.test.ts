import { storeContract } from "./contract.ts";
import { MemoryStore } from "./memory.ts";

storeContract("MemoryStore", async (body) => body(new MemoryStore()));
