// Every test file's HTTP client. One connection per request: a reused keep-alive connection can be closed by the
// dev server's proxy at the moment a request goes out on it (its idle timeout fires first on a busy machine),
// which the client sees as ECONNRESET: a failure of the test harness, not of the product.
import { Agent, setGlobalDispatcher } from "undici";

setGlobalDispatcher(new Agent({ pipelining: 0 }));

/**
 * `wrangler dev`'s proxy answers a request whose connection to the Worker it lost ("Network connection lost", on
 * a busy 2-core machine) with its own 503 and `Retry-After: 0`; it sends a GET again by itself, but not a write.
 * The Worker never saw that request, so it is sent again here, as the proxy asks. The app's own 503s say what
 * they are in JSON and never carry `Retry-After: 0`.
 */
const direct = globalThis.fetch;
globalThis.fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
  const request = new Request(input, init);
  for (let attempt = 1; ; attempt++) {
    const res = await direct(request.clone());
    if (res.status !== 503 || res.headers.get("retry-after") !== "0" || attempt === 3) return res;
    const text = await res.clone().text();
    if (!text.startsWith("Your worker restarted mid-request")) return res;
  }
};
