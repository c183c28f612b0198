// The client keeps the access token in memory, renews it once through the refresh cookie when the API answers 401,
// and turns error bodies into ApiErrors carrying the message and request id.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

type Handler = (request: Request) => Response | Promise<Response>;

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });

let calls: Request[];
let handler: Handler;

beforeEach(() => {
  vi.resetModules();
  calls = [];
  vi.stubGlobal("window", { location: { origin: "http://app.test" } });
  vi.stubGlobal("fetch", async (input: Request | string, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(input, init);
    calls.push(request);
    return handler(request);
  });
});
afterEach(() => vi.unstubAllGlobals());

const load = () => import("./client");
const PROFILE = { id: "u1", name: "Ada" };

describe("API client", () => {
  it("renews an expired access token once through the refresh cookie and replays the call", async () => {
    const client = await load();
    client.setAccessToken("expired");
    handler = (r) => {
      if (r.url.endsWith("/v1/auth/refresh")) return json(200, { accessToken: "fresh" });
      return r.headers.get("authorization") === "Bearer fresh"
        ? json(200, PROFILE)
        : json(401, { error: { code: "auth.token_expired", message: "expired", requestId: "r1" } });
    };
    await expect(client.unwrap(client.api.GET("/v1/me"))).resolves.toEqual(PROFILE);
    expect(calls.map((c) => `${c.method} ${new URL(c.url).pathname}`)).toEqual([
      "GET /v1/me",
      "POST /v1/auth/refresh",
      "GET /v1/me",
    ]);
    expect(calls.every((c) => c.credentials === "include")).toBe(true);
    expect(client.getAccessToken()).toBe("fresh");
  });

  it("shares one refresh between calls that fail together (a rotated cookie must not be used twice)", async () => {
    const client = await load();
    client.setAccessToken("expired");
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    handler = async (r) => {
      if (r.url.endsWith("/v1/auth/refresh")) {
        await gate;
        return json(200, { accessToken: "fresh" });
      }
      return r.headers.get("authorization") === "Bearer fresh"
        ? json(200, PROFILE)
        : json(401, { error: { code: "auth.token_expired", message: "expired", requestId: "r" } });
    };
    const both = Promise.all([
      client.unwrap(client.api.GET("/v1/me")),
      client.unwrap(client.api.GET("/v1/me/preferences")),
    ]);
    await new Promise((r) => setTimeout(r, 10));
    release();
    await both;
    expect(calls.filter((c) => c.url.endsWith("/v1/auth/refresh"))).toHaveLength(1);
  });

  it("has tabs take turns refreshing through a Web Lock, so no two refreshes are ever in flight at once", async () => {
    // One lock manager for the browser; each tab has its own copy of the module.
    let held: Promise<unknown> = Promise.resolve();
    const names: string[] = [];
    vi.stubGlobal("navigator", {
      locks: {
        request: (name: string, fn: () => Promise<unknown>) => {
          names.push(name);
          const run = held.then(fn, fn);
          held = run.catch(() => undefined);
          return run;
        },
      },
    });
    const tabA = await load();
    vi.resetModules();
    const tabB = await load();
    expect(tabB).not.toBe(tabA);
    let inFlight = 0;
    let most = 0;
    handler = async (r) => {
      if (!r.url.endsWith("/v1/auth/refresh")) return json(404, {});
      most = Math.max(most, ++inFlight);
      await new Promise((done) => setTimeout(done, 20));
      inFlight--;
      return json(200, { accessToken: "fresh" });
    };
    await expect(Promise.all([tabA.refreshAccessToken(), tabB.refreshAccessToken()])).resolves.toEqual([true, true]);
    expect(calls.filter((c) => c.url.endsWith("/v1/auth/refresh"))).toHaveLength(2);
    expect(most).toBe(1);
    expect(names).toEqual([tabA.REFRESH_LOCK, tabA.REFRESH_LOCK]);
  });

  it("ends the session when the refresh is refused, and reports the API's message and request id", async () => {
    const client = await load();
    client.setAccessToken("expired");
    const seen: (string | null)[] = [];
    client.onAccessTokenChange((t) => seen.push(t));
    handler = (r) =>
      r.url.endsWith("/v1/auth/refresh")
        ? json(401, { error: { code: "auth.refresh_invalid", message: "Sign in again.", requestId: "r2" } })
        : json(401, { error: { code: "auth.token_expired", message: "Your session expired.", requestId: "r3" } });
    const error = await client.unwrap(client.api.GET("/v1/me")).catch((e: unknown) => e);
    expect(error).toMatchObject({
      status: 401,
      code: "auth.token_expired",
      message: "Your session expired.",
      requestId: "r3",
    });
    expect(seen).toEqual([null]);
  });

  it("does not try to refresh when signing in is what failed", async () => {
    const client = await load();
    handler = () =>
      json(401, {
        error: { code: "auth.invalid_credentials", message: "The email or password is not right.", requestId: "r4" },
      });
    const error = await client
      .unwrap(client.api.POST("/v1/auth/login", { body: { email: "a@example.com", password: "wrong password" } }))
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "auth.invalid_credentials", requestId: "r4" });
    expect(calls).toHaveLength(1);
  });

  it("takes the request id from the header when the body has none, and says when the network is down", async () => {
    const client = await load();
    handler = () => new Response("Bad gateway", { status: 502, headers: { "x-request-id": "edge-1" } });
    await expect(client.unwrap(client.api.GET("/v1/health"))).rejects.toMatchObject({
      status: 502,
      requestId: "edge-1",
    });
    handler = () => {
      throw new TypeError("Failed to fetch");
    };
    await expect(client.unwrap(client.api.GET("/v1/health"))).rejects.toMatchObject({ code: "network.unreachable" });
  });
});
