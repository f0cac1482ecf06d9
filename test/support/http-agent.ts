// Every test file's HTTP client: one connection per request. A reused keep-alive connection can be closed by the
// dev server's proxy at the moment a request goes out on it (its idle timeout fires first on a busy machine),
// which the client sees as ECONNRESET: a failure of the test harness, not of the product.
import { Agent, setGlobalDispatcher } from "undici";

setGlobalDispatcher(new Agent({ pipelining: 0 }));
