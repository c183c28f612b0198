// Test helpers for the accounts API: an app on a test platform, a small cookie jar, and sign-up through the outbox.
import type { Config, Platform } from "@pactly/core/platform";
import { deliverDueEffects } from "@pactly/core/platform";
import { testPlatform } from "../../../core/test/helpers/platform.js";
import { createApp } from "../../src/api/app.js";
import { DOMAIN_MODULES } from "../../src/domains.js";

export const WEB = "https://app.pactly.test";
export const API = "https://api.pactly.test";

export async function accountsApp(config: Partial<Config> = {}) {
  const t = await testPlatform({ domains: DOMAIN_MODULES, config: { webUrl: WEB, apiUrl: API, ...config } });
  return { ...t, app: createApp(t.platform), p: t.platform };
}

export type App = Awaited<ReturnType<typeof accountsApp>>["app"];

/** What a browser would keep: cookies by name with their path, sent back to matching paths. */
export class CookieJar {
  readonly cookies = new Map<string, { value: string; path: string; attributes: string }>();

  take(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(";").map((s) => s.trim());
      const eq = pair!.indexOf("=");
      const name = pair!.slice(0, eq);
      const value = pair!.slice(eq + 1);
      const path = attrs.find((a) => a.toLowerCase().startsWith("path="))?.slice(5) ?? "/";
      const gone = value === "" || attrs.some((a) => /^max-age=0$/i.test(a));
      if (gone) this.cookies.delete(name);
      else this.cookies.set(name, { value, path, attributes: attrs.join("; ") });
    }
  }

  header(path: string): string {
    return [...this.cookies]
      .filter(([, c]) => path.startsWith(c.path))
      .map(([n, c]) => `${n}=${c.value}`)
      .join("; ");
  }

  get(name: string): string | undefined {
    return this.cookies.get(name)?.value;
  }
}

export interface CallOptions {
  body?: unknown;
  token?: string;
  jar?: CookieJar;
  ip?: string;
  headers?: Record<string, string>;
}

/** One request through app.request, as a browser client would send it (cookies, bearer, client IP). */
export async function call(app: App, method: string, path: string, o: CallOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { ...(o.headers ?? {}) };
  if (o.body !== undefined) headers["content-type"] = "application/json";
  if (o.token) headers.authorization = `Bearer ${o.token}`;
  const cookie = o.jar?.header(path.split("?")[0]!);
  if (cookie) headers.cookie = cookie;
  const res = await app.request(
    path,
    { method, headers, ...(o.body !== undefined ? { body: JSON.stringify(o.body) } : {}) },
    // What @hono/node-server hands the app: the socket the request came in on.
    { incoming: { socket: { remoteAddress: o.ip ?? "198.51.100.1" } } },
  );
  o.jar?.take(res);
  return res;
}

/** The `token` query parameter of the newest email to `to` linking to `path`. */
export async function emailToken(p: Platform, to: string, path: string): Promise<string> {
  await deliverDueEffects(p);
  const mails = (await p.local!.outbox.list({ to })).items;
  for (const m of mails) {
    const link = m.text.match(/https?:\/\/\S+/g)?.find((u) => new URL(u).pathname === `/${path}`);
    if (link) return new URL(link).searchParams.get("token")!;
  }
  throw new Error(`No ${path} email to ${to}`);
}

/** Signs up, verifies through the emailed link, signs in: the access token and the browser's cookies. */
export async function signedUp(app: App, p: Platform, email: string, password = "a fine long password") {
  const jar = new CookieJar();
  const signup = await call(app, "POST", "/v1/auth/signup", { body: { email, password, name: email.split("@")[0] } });
  if (signup.status !== 202) throw new Error(`signup: ${signup.status} ${await signup.text()}`);
  const verify = await call(app, "POST", "/v1/auth/verify-email", {
    body: { token: await emailToken(p, email, "verify-email") },
  });
  if (verify.status !== 200) throw new Error(`verify: ${verify.status}`);
  const login = await call(app, "POST", "/v1/auth/login", { body: { email, password }, jar });
  if (login.status !== 200) throw new Error(`login: ${login.status} ${await login.text()}`);
  const body = (await login.json()) as { accessToken: string; user: { id: string } };
  return { jar, token: body.accessToken, userId: body.user.id, password };
}

/** Every secret-looking string that must never reach a log line. */
export function assertNoSecretsIn(lines: string[], secrets: string[]): void {
  const text = lines.join("\n");
  const emails = text.match(/[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g);
  if (emails) throw new Error(`Logs contain email addresses: ${[...new Set(emails)].join(", ")}`);
  if (/eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\./.test(text)) throw new Error("Logs contain a JWT");
  for (const s of secrets) if (s && text.includes(s)) throw new Error(`Logs contain a secret (${s.slice(0, 6)}…)`);
}
