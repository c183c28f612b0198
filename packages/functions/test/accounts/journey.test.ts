// "Done when": in the local runtime, over real HTTP, a learner signs up, verifies from /dev/outbox, signs in,
// onboards, downloads an export and deletes the account; another signs in through the local OIDC issuer.
import { randomUUID } from "node:crypto";
import { memoryLogger } from "@pactly/core/platform";
import { OAuth2Server } from "oauth2-mock-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emulatorEndpoints } from "../../../core/test/helpers/emulators.js";
import { type LocalRuntime, startLocalRuntime } from "../../src/local/runtime.js";
import { assertNoSecretsIn } from "./helpers.js";

/** A response body, for reading: the tests check its shape. */
const j = async (res: Response | Promise<Response>): Promise<any> => (await res).json();

let runtime: LocalRuntime;
let issuer: OAuth2Server;
const log = memoryLogger("info");
const secrets: string[] = [];

beforeAll(async () => {
  issuer = new OAuth2Server();
  await issuer.issuer.keys.generate("RS256");
  await issuer.start(0, "127.0.0.1");
  issuer.service.on("beforeTokenSigning", (token: { payload: Record<string, unknown> }) => {
    if (!("scope" in token.payload))
      Object.assign(token.payload, { email: "gia@example.com", email_verified: true, name: "Gia" });
  });
  const suffix = randomUUID().slice(0, 8);
  runtime = await startLocalRuntime({
    port: 0,
    ...emulatorEndpoints(),
    env: {},
    log,
    pollMs: 50,
    webDist: "/nonexistent",
    config: {
      tableName: `journey_${suffix}`,
      bucketName: `journey-${suffix}`,
      oauth: {
        oidc: { issuer: issuer.issuer.url!, clientId: "pactly-local", clientSecret: "local-secret", name: "Local IdP" },
      },
    },
  });
});

afterAll(async () => {
  await runtime?.stop();
  await issuer?.stop();
});

/** A browser's cookie jar, enough for our cookies (one value per name, sent on matching paths). */
class Browser {
  private cookies = new Map<string, { value: string; path: string }>();
  async fetch(url: string, init: RequestInit = {}): Promise<Response> {
    const path = new URL(url).pathname;
    const cookie = [...this.cookies].filter(([, c]) => path.startsWith(c.path)).map(([n, c]) => `${n}=${c.value}`);
    const headers = new Headers(init.headers);
    if (cookie.length) headers.set("cookie", cookie.join("; "));
    const res = await fetch(url, { ...init, headers, redirect: "manual" });
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(";").map((s) => s.trim());
      const [name, value] = [pair!.slice(0, pair!.indexOf("=")), pair!.slice(pair!.indexOf("=") + 1)];
      const cookiePath = attrs.find((a) => a.toLowerCase().startsWith("path="))?.slice(5) ?? "/";
      if (!value || attrs.some((a) => /^max-age=0$/i.test(a))) this.cookies.delete(name);
      else this.cookies.set(name, { value, path: cookiePath });
    }
    return res;
  }
  json(url: string, method: string, body?: unknown, token?: string) {
    return this.fetch(url, {
      method,
      headers: {
        ...(body !== undefined ? { "content-type": "application/json" } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  }
  has(name: string) {
    return this.cookies.has(name);
  }
}

describe("the accounts journey in the local runtime", () => {
  it("sign up → verify from the outbox → sign in → onboarding → export download → delete → sign-in fails", async () => {
    const u = runtime.url;
    const b = new Browser();
    const email = "june@example.com";
    const password = "june's long password";

    expect((await b.json(`${u}/v1/auth/signup`, "POST", { email, password, name: "June" })).status).toBe(202);

    // The email leaves through the outbox once the sign-up committed: look until it is there.
    let mail: { html: string; text: string } | undefined;
    for (let i = 0; i < 100 && !mail; i++) {
      if (i > 0) await new Promise((r) => setTimeout(r, 100));
      const outbox = await j(fetch(`${u}/dev/outbox?to=${email}`, { headers: { accept: "application/json" } }));
      mail = outbox.items.find((m: { subject: string }) => m.subject === "Confirm your email for Pactly");
    }
    if (!mail) throw new Error("no verification email arrived");
    expect(mail.html).toContain(`${u}/verify-email?token=`);
    const link = new URL(mail.text.match(/https?:\/\/\S+verify-email\S+/)![0]);
    expect(link.origin + link.pathname).toBe(`${u}/verify-email`);
    const token = link.searchParams.get("token")!;
    secrets.push(token);
    expect((await b.json(`${u}/v1/auth/verify-email`, "POST", { token })).status).toBe(200);

    const login = await b.json(`${u}/v1/auth/login`, "POST", { email, password });
    expect(login.status).toBe(200);
    const { accessToken } = await j(login);
    secrets.push(accessToken);
    expect(b.has("pactly_refresh")).toBe(true);

    const prefs = {
      timezone: "Europe/Paris",
      availability: [{ weekday: 3, start: "18:30", end: "20:00" }],
      experienceLevel: "advanced",
      collaborationStyle: "quiet",
      notifications: {
        sessionReminders: { email: true },
        reviewReminders: { email: true },
        podUpdates: { email: false },
        marketing: { email: false },
      },
      integrations: { calendarFeed: { enabled: false } },
      srsAlgorithm: "sm2",
    };
    expect((await b.json(`${u}/v1/me/preferences`, "PUT", prefs, accessToken)).status).toBe(200);
    for (const step of ["profile", "timezone", "availability", "preferences", "goal"]) {
      expect((await b.json(`${u}/v1/me/onboarding`, "PATCH", { step, completed: true }, accessToken)).status).toBe(200);
    }
    const onboarding = await j(b.json(`${u}/v1/me/onboarding`, "GET", undefined, accessToken));
    expect(onboarding).toMatchObject({ completed: true, currentStep: null });

    // A new access token through the cookie, as the web app does when the old one expires.
    const refreshed = await b.json(`${u}/v1/auth/refresh`, "POST");
    expect(refreshed.status).toBe(200);
    const token2 = (await j(refreshed)).accessToken as string;
    secrets.push(token2);

    const exportRes = await b.json(`${u}/v1/me/export`, "POST", undefined, token2);
    expect(exportRes.status).toBe(202);
    const job = await j(exportRes);
    // As the web app does: poll the job until the tasks worker (running in the runtime) has finished it.
    let done = await j(b.json(`${u}/v1/jobs/${job.id}`, "GET", undefined, token2));
    for (let i = 0; i < 200 && !["succeeded", "failed"].includes(done.status); i++) {
      await new Promise((r) => setTimeout(r, 50));
      done = await j(b.json(`${u}/v1/jobs/${job.id}`, "GET", undefined, token2));
    }
    expect(done.status).toBe("succeeded");
    const download = await fetch(done.result.downloadUrl);
    expect(download.status).toBe(200);
    const file = await j(download);
    const types = file.records.map((r: { type: string }) => r.type);
    expect(types).toEqual(expect.arrayContaining(["User", "Preferences", "Onboarding", "PasswordCredential", "Job"]));
    expect(file.records.find((r: { type: string }) => r.type === "Preferences").data.timezone).toBe("Europe/Paris");

    expect((await b.json(`${u}/v1/me`, "DELETE", undefined, token2)).status).toBe(204);
    expect((await b.json(`${u}/v1/auth/login`, "POST", { email, password })).status).toBe(401);
    expect((await b.json(`${u}/v1/me`, "GET", undefined, token2)).status).toBe(401);
    expect((await fetch(done.result.downloadUrl)).status).toBe(404);
  });

  it("signs in through the local OIDC issuer the way a Google user would", async () => {
    const u = runtime.url;
    const b = new Browser();
    const methods = await j(fetch(`${u}/v1/auth/providers`));
    expect(methods).toMatchObject({ password: true, dev: true, providers: [{ id: "oidc", name: "Local IdP" }] });

    const start = await b.fetch(methods.providers[0].startUrl);
    expect(start.status).toBe(302);
    const atIssuer = await fetch(start.headers.get("location")!, { redirect: "manual" });
    const callback = atIssuer.headers.get("location")!;
    expect(callback.startsWith(`${u}/v1/auth/oauth/oidc/callback?`)).toBe(true);
    const back = await b.fetch(callback);
    expect(back.status).toBe(302);
    expect(back.headers.get("location")).toBe(`${u}/auth/callback`);

    const session = await j(b.json(`${u}/v1/auth/refresh`, "POST"));
    secrets.push(session.accessToken);
    expect(session.user).toMatchObject({ email: "gia@example.com", emailVerified: true, signInMethods: ["oidc"] });
    const me = await j(b.json(`${u}/v1/me`, "GET", undefined, session.accessToken));
    expect(me.name).toBe("Gia");

    expect((await b.json(`${u}/v1/auth/logout`, "POST")).status).toBe(204);
    expect((await b.json(`${u}/v1/auth/refresh`, "POST")).status).toBe(401);
  });

  it("offers dev sign-in in the local runtime", async () => {
    const res = await new Browser().json(`${runtime.url}/v1/auth/dev-login`, "POST", {
      email: "dev@example.com",
      role: "admin",
    });
    expect(res.status).toBe(200);
    const body = await j(res);
    secrets.push(body.accessToken);
    expect(body.user).toMatchObject({ email: "dev@example.com", role: "admin", emailVerified: true });
  });

  it("wrote no email address, token or password to the logs", () => {
    expect(log.lines.length).toBeGreaterThan(20);
    assertNoSecretsIn(log.lines, [...secrets, "june's long password"]);
  });
});
