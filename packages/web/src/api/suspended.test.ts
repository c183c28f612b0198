// A write refused because the account is suspended keeps the API's words and tells the app, so the suspension
// notice can show on every page; other refusals do not.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

let answer: () => Response;

beforeEach(() => {
  vi.resetModules();
  vi.stubGlobal("window", { location: { origin: "http://app.test" } });
  vi.stubGlobal("fetch", async () => answer());
});
afterEach(() => vi.unstubAllGlobals());

const SUSPENDED = {
  error: {
    code: "account.suspended",
    message:
      "Your account is suspended until 2026-03-05T09:00:00.000Z. You can still read, appeal, export or delete your data.",
    requestId: "r1",
    details: { until: "2026-03-05T09:00:00.000Z" },
  },
};

describe("a suspended account's refused write", () => {
  it("throws the API's message and until, and tells the listeners", async () => {
    const client = await import("./client");
    const told = vi.fn();
    const stop = client.onAccountSuspended(told);
    answer = () => json(403, SUSPENDED);
    const refused = await client.unwrap(client.api.PATCH("/v1/me", { body: { bio: "Hi" } })).catch((e) => e);
    expect(refused).toMatchObject({ status: 403, code: "account.suspended", message: SUSPENDED.error.message });
    expect(refused.details).toEqual({ until: "2026-03-05T09:00:00.000Z" });
    expect(told).toHaveBeenCalledTimes(1);

    // Any other refusal is not a suspension; and a listener that stopped is not told.
    answer = () => json(403, { error: { code: "auth.forbidden", message: "No.", requestId: "r2" } });
    await client.unwrap(client.api.PATCH("/v1/me", { body: { bio: "Hi" } })).catch(() => undefined);
    expect(told).toHaveBeenCalledTimes(1);
    stop();
    answer = () => json(403, SUSPENDED);
    await client.unwrap(client.api.PATCH("/v1/me", { body: { bio: "Hi" } })).catch(() => undefined);
    expect(told).toHaveBeenCalledTimes(1);
  });
});
