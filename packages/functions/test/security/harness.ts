// The app the security suites attack, its OpenAPI document, and a request helper: every request from a fixed client
// address, with or without a bearer token, a JSON body or a raw one.
import { devLogIn } from "@pactly/core/auth";
import { seedCatalog } from "@pactly/core/catalog";
import { type Config, ManualClock, type Platform } from "@pactly/core/platform";
import { expect } from "vitest";
import { testPlatform } from "../../../core/test/helpers/platform.js";
import { createApp } from "../../src/api/app.js";
import { DOMAIN_MODULES } from "../../src/domains.js";
import { operationsOf, type Schema } from "../api/openapi-arbitraries.js";

/** A goal body the goals route takes (the suites create one as the objects' owner). */
export const GOAL_BODY = {
  sprintType: "net_prompting",
  title: "A goal of the learner's own",
  schedule: {
    timezone: "Europe/Berlin",
    frequency: { sessionsPerWeek: 1 },
    defaultSlots: [{ weekday: 3, time: "19:00" }],
    backupSlot: { weekday: 6, time: "10:00" },
  },
  proofMethod: "code_artifact",
  startDate: "2026-03-09",
};

/** A waitlist body for a London learner free on Tuesday and Thursday evenings (three of them form a pod). */
export const WAITLIST_LONDON = {
  sprintType: "net_prompting",
  timezone: "Europe/London",
  locale: "en-GB",
  windows: [
    { weekday: 2, start: "18:00", end: "21:00" },
    { weekday: 4, start: "18:00", end: "21:00" },
  ],
  experienceLevel: "beginner",
  collaborationStyle: "social",
};

export interface Sent {
  token?: string;
  body?: unknown;
  /** Sent as it is, with content-type application/json unless headers say otherwise. */
  raw?: string;
  query?: Record<string, unknown>;
  headers?: Record<string, string>;
}

export interface Answer {
  status: number;
  text: string;
  json: any;
  contentType: string;
}

export async function securityApp(config: Partial<Config> = {}) {
  const clock = new ManualClock("2026-03-02T09:00:00Z");
  const { platform: p } = await testPlatform({
    domains: DOMAIN_MODULES,
    clock,
    config: { devSignIn: true, ...config },
  });
  await seedCatalog(p);
  const app = createApp(p);
  const doc = (await (await app.request("/openapi.json")).json()) as Schema;
  let ip = 0;
  const send = async (method: string, url: string, s: Sent = {}): Promise<Answer> => {
    const headers: Record<string, string> = { ...(s.headers ?? {}) };
    if (s.token) headers.authorization = `Bearer ${s.token}`;
    // A GET cannot carry a body: its body is left out.
    const bodyless = ["get", "head"].includes(method.toLowerCase());
    const hasBody = !bodyless && (s.body !== undefined || s.raw !== undefined);
    if (hasBody && !Object.keys(headers).some((h) => h.toLowerCase() === "content-type"))
      headers["content-type"] = "application/json";
    const search = s.query
      ? new URLSearchParams(Object.entries(s.query).map(([k, v]): [string, string] => [k, String(v)])).toString()
      : "";
    const res = await app.request(
      `${url}${search ? `?${search}` : ""}`,
      {
        method: method.toUpperCase(),
        headers,
        ...(!hasBody ? {} : s.raw !== undefined ? { body: s.raw } : { body: JSON.stringify(s.body) }),
      },
      // A client address of its own for every request: the suites test answers, not the rate limits.
      { incoming: { socket: { remoteAddress: `198.51.${Math.floor(++ip / 250) % 250}.${(ip % 250) + 1}` } } },
    );
    const text = await res.text();
    const contentType = res.headers.get("content-type") ?? "";
    let json: unknown;
    if (contentType.includes("json") && text) json = JSON.parse(text);
    return { status: res.status, text, json, contentType };
  };
  const tokenFor = async (email: string, role?: "admin") =>
    (await devLogIn(p, { email, name: email.split("@")[0]!, ...(role ? { role } : {}) })).accessToken;
  return { p, clock, app, doc, send, tokenFor, operations: operationsOf(doc) };
}

export type SecurityApp = Awaited<ReturnType<typeof securityApp>>;
export type { Platform };

/** The API's error body: {"error":{"code","message",...,"timestamp","requestId"}}. */
export function errorFormatProblem(a: Answer): string | undefined {
  const e = a.json?.error;
  if (!a.contentType.includes("application/json")) return `not JSON (${a.contentType}): ${a.text.slice(0, 200)}`;
  if (
    !e ||
    typeof e.code !== "string" ||
    typeof e.message !== "string" ||
    typeof e.timestamp !== "string" ||
    typeof e.requestId !== "string" ||
    Number.isNaN(Date.parse(e.timestamp))
  )
    return `not the error format: ${a.text.slice(0, 300)}`;
  return undefined;
}

export function expectErrorFormat(a: Answer, what: string) {
  expect(errorFormatProblem(a), what).toBeUndefined();
}

/** Operations that take a bearer token, an admin's, or none. */
export const needsSignIn = (op: Schema) => op.security.some((r: object) => Object.keys(r).length > 0);
export const isAdminOp = (path: string, op: Schema) =>
  path.startsWith("/v1/admin") || op.security.some((r: object) => "adminBearer" in r);
/** Operations after which the learner's token no longer signs in. */
export const ENDS_SIGN_INS = new Set(["post /v1/me/password", "post /v1/me/email", "delete /v1/me"]);
export const jsonBodyOf = (op: Schema): Schema | undefined => op.requestBody?.content?.["application/json"]?.schema;
