import { describe, expect, it } from "vitest";
import { TurnRateLimiter } from "./rate.ts";

describe("turn rate limit (AI12)", () => {
  it("AI12: allows `limit` turns a minute per client, then says when to retry", () => {
    let now = 0;
    const limiter = new TurnRateLimiter(2, 60_000, () => now);
    expect(limiter.take("a")).toEqual({ ok: true });
    now = 10_000;
    expect(limiter.take("a")).toEqual({ ok: true });
    expect(limiter.take("a")).toEqual({ ok: false, retryAfter: 50 });
    expect(limiter.take("b")).toEqual({ ok: true });
    now = 60_000;
    expect(limiter.take("a")).toEqual({ ok: true });
  });
});
