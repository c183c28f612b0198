// Sessions over HTTP: members only, joining a (signed) room, the calendar files, check-ins with proof uploaded to S3.
import { devLogIn } from "@pactly/core/auth";
import { seedCatalog } from "@pactly/core/catalog";
import { type Config, deliverDueEffects, ManualClock } from "@pactly/core/platform";
import { decodeJwt, jwtVerify } from "jose";
import ical from "node-ical";
import { describe, expect, it } from "vitest";
import { testPlatform } from "../../../core/test/helpers/platform.js";
import { createApp } from "../../src/api/app.js";
import { DOMAIN_MODULES } from "../../src/domains.js";

const read = async (res: Response): Promise<any> => res.json();
const LONDON = {
  timezone: "Europe/London",
  locale: "en-GB",
  windows: [
    { weekday: 2, start: "18:00", end: "21:00" },
    { weekday: 4, start: "18:00", end: "21:00" },
  ],
  experienceLevel: "beginner",
  collaborationStyle: "social",
};
const SECRET = "a-shared-secret-of-the-self-hosted-jitsi";

/** An app with an active pod of three (Ada, Bob, Cy) whose sessions are scheduled, and an outsider, Eve. */
async function podWithSessions(config: Partial<Config> = {}) {
  const clock = new ManualClock("2026-03-02T09:00:00Z");
  const { platform: p } = await testPlatform({
    domains: DOMAIN_MODULES,
    clock,
    config: { devSignIn: true, ...config },
  });
  await seedCatalog(p);
  const app = createApp(p);
  const tokenFor = async (email: string, role?: "admin") =>
    (await devLogIn(p, { email, name: email.split("@")[0], ...(role ? { role } : {}) })).accessToken;
  // Who calls, by email: signed in at the test clock's time (access tokens last minutes, tests jump weeks).
  const call = async (
    who: string | undefined,
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) => {
    const token = who ? await tokenFor(who) : undefined;
    return app.request(path, {
      method,
      headers: {
        ...headers,
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  };
  const [ada, bob, cy, eve] = ["ada", "bob", "cy", "eve"].map((n) => `${n}@example.com`);
  for (const t of [ada, bob, cy]) await call(t, "POST", "/v1/waitlist", { sprintType: "net_prompting", ...LONDON });
  const admin = await tokenFor("root@example.com", "admin");
  const run = await read(
    await app.request("/v1/admin/matching/run", {
      method: "POST",
      headers: { authorization: `Bearer ${admin}`, "content-type": "application/json" },
      body: JSON.stringify({ sprintType: "net_prompting" }),
    }),
  );
  const podId: string = run.podIds[0];
  for (const t of [ada, bob, cy]) expect((await call(t, "POST", `/v1/pods/${podId}/accept`)).status).toBe(200);
  await deliverDueEffects(p);
  const list = await read(await call(ada, "GET", `/v1/pods/${podId}/sessions`));
  return {
    p,
    clock,
    app,
    call,
    podId,
    sessions: list.items as any[],
    tokens: { ada: ada!, bob: bob!, cy: cy!, eve: eve! },
  };
}

describe("sessions API", () => {
  it("lets only the pod's members read, join, check in or download a session (404 for others, 401 signed out)", async () => {
    const { call, podId, sessions, tokens, clock } = await podWithSessions();
    expect(sessions).toHaveLength(6);
    const id = sessions[0].id;
    clock.set(new Date(Date.parse(sessions[0].startsAt) + 60_000));
    for (const [method, path, body] of [
      ["GET", `/v1/pods/${podId}/sessions`],
      ["GET", `/v1/sessions/${id}`],
      ["GET", `/v1/sessions/${id}/join`],
      ["GET", `/v1/sessions/${id}/ics`],
      ["POST", `/v1/sessions/${id}/checkins`, { attended: true, rpe: 7 }],
      ["GET", `/v1/sessions/${id}/checkins`],
      ["POST", `/v1/sessions/${id}/cancel`, { reason: "not mine to cancel" }],
      ["POST", "/v1/uploads/proof", { sessionId: id, contentType: "image/png", size: 100 }],
    ] as const) {
      const res = await call(tokens.eve, method, path, body);
      expect(res.status, `${method} ${path}`).toBe(404);
      expect((await read(res)).error.code).toMatch(/^(session|pod)\.not_found$/);
      expect((await call(undefined, method, path, body)).status).toBe(401);
    }
    // A member can do each of them.
    expect((await call(tokens.bob, "GET", `/v1/sessions/${id}`)).status).toBe(200);
    expect((await call(tokens.bob, "POST", `/v1/sessions/${id}/checkins`, { attended: true, rpe: 7 })).status).toBe(
      200,
    );
    const bad = await call(tokens.bob, "POST", `/v1/sessions/${id}/checkins`, {
      attended: true,
      rpe: 11,
      win: "x".repeat(281),
    });
    expect(bad.status).toBe(400);
    expect((await read(bad)).error.details.issues.map((i: any) => i.path).sort()).toEqual(["rpe", "win"]);
  });

  it("records the join and redirects to the room; with a signed Jitsi each member gets a room token, one moderates", async () => {
    const { call, sessions, tokens, clock } = await podWithSessions({
      jitsi: { domain: "meet.pactly.test", appId: "pactly", secret: SECRET },
    });
    const s = sessions[0];
    clock.set(new Date(Date.parse(s.startsAt) + 7 * 60_000));
    const claims = [];
    for (const t of [tokens.ada, tokens.bob, tokens.cy]) {
      const res = await call(t, "GET", `/v1/sessions/${s.id}/join`);
      expect(res.status).toBe(302);
      const url = new URL(res.headers.get("location")!);
      expect(url.host).toBe("meet.pactly.test");
      const room = url.pathname.slice(1);
      expect(room).toMatch(/^pactly-[0-9a-f]{32}$/);
      const { payload } = await jwtVerify(url.searchParams.get("jwt")!, new TextEncoder().encode(SECRET), {
        issuer: "pactly",
        audience: "pactly",
        currentDate: clock.now(),
      });
      expect(payload.room).toBe(room);
      expect(payload.exp).toBe(Math.floor(Date.parse(s.endsAt) / 1000) + 3600);
      claims.push(payload as any);
    }
    expect(claims.map((c) => c.context.user.name).sort()).toEqual(["ada", "bob", "cy"]);
    expect(claims.filter((c) => c.moderator === true)).toHaveLength(1);
    const details = await read(await call(tokens.ada, "GET", `/v1/sessions/${s.id}`));
    // Seven minutes in: everyone is late, and it shows.
    expect(details.participants.every((x: any) => x.joinedAt === clock.now().toISOString())).toBe(true);
    expect(decodeJwt(new URL(details.videoUrl).searchParams.get("jwt")!).room).toBe(claims[0].room);
    const json = await call(tokens.ada, "GET", `/v1/sessions/${s.id}/join`, undefined, { accept: "application/json" });
    expect((await read(json)).url).toContain("jwt=");
  });

  it("serves calendars an independent parser reads with the right instants, SEQUENCE and cancellations", async () => {
    const { app, call, sessions, tokens } = await podWithSessions();
    const [first, second] = sessions;
    const one = await call(tokens.ada, "GET", `/v1/sessions/${first.id}/ics`);
    expect(one.headers.get("content-type")).toContain("text/calendar");
    const parsed = Object.values(ical.sync.parseICS(await one.text())).filter((c: any) => c.type === "VEVENT") as any[];
    expect(parsed).toHaveLength(1);
    expect(parsed[0].start.toISOString()).toBe(first.startsAt);
    expect(parsed[0].end.toISOString()).toBe(first.endsAt);
    expect(parsed[0].location).toBe(
      `https://app.pactly.test/sessions/${first.id}`.replace("https://app.pactly.test", "http://localhost:3000"),
    );
    expect(Number(parsed[0].sequence)).toBe(0);

    // Move the first an hour later (everyone is free until 21:00), cancel the second.
    const later = new Date(Date.parse(first.startsAt) + 3_600_000).toISOString();
    expect(
      (await call(tokens.bob, "POST", `/v1/sessions/${first.id}/reschedule`, { startsAt: later, reason: "Late train" }))
        .status,
    ).toBe(200);
    expect((await call(tokens.cy, "POST", `/v1/sessions/${second.id}/cancel`, { reason: "Bank holiday" })).status).toBe(
      200,
    );

    const feed = await read(await call(tokens.ada, "POST", "/v1/me/calendar-feed"));
    const path = new URL(feed.url).pathname;
    const res = await app.request(path); // no sign-in: the URL is the secret
    expect(res.status).toBe(200);
    const events = Object.values(ical.sync.parseICS(await res.text())).filter((c: any) => c.type === "VEVENT") as any[];
    expect(events).toHaveLength(6);
    const byUid = new Map(events.map((e) => [String(e.uid).split("@")[0], e]));
    expect(byUid.get(first.id).start.toISOString()).toBe(later);
    expect(Number(byUid.get(first.id).sequence)).toBe(1);
    expect(byUid.get(second.id).status).toBe("CANCELLED");
    expect(Number(byUid.get(second.id).sequence)).toBe(1);
    expect(byUid.get(sessions[2].id).start.toISOString()).toBe(sessions[2].startsAt);

    // Rotating the feed revokes the old URL.
    const rotated = await read(await call(tokens.ada, "POST", "/v1/me/calendar-feed"));
    expect(rotated.url).not.toBe(feed.url);
    expect((await app.request(path)).status).toBe(404);
    expect((await app.request(new URL(rotated.url).pathname)).status).toBe(200);
    expect((await app.request("/v1/calendar/not-a-token.ics")).status).toBe(400);
  });

  it("takes proof of effort straight to storage under a policy the storage enforces, and shows pod-mates' check-ins", async () => {
    const { call, sessions, tokens, clock } = await podWithSessions();
    const s = sessions[0];
    clock.set(new Date(Date.parse(s.endsAt) + 60_000));
    const form = async (contentType: string, size: number) =>
      read(await call(tokens.ada, "POST", "/v1/uploads/proof", { sessionId: s.id, contentType, size }));
    const post = async (signed: any, bytes: Uint8Array, fileType: string, override: Record<string, string> = {}) => {
      const body = new FormData();
      for (const [k, v] of Object.entries({ ...signed.fields, ...override })) body.append(k, v as string);
      body.append("file", new Blob([bytes], { type: fileType }), "proof");
      return fetch(signed.url, { method: "POST", body });
    };
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);

    const refusedType = await call(tokens.ada, "POST", "/v1/uploads/proof", {
      sessionId: s.id,
      contentType: "text/html",
      size: 10,
    });
    expect(refusedType.status).toBe(400);

    // The form claims a small PNG; a larger body, or another content type, is refused by the signed policy itself.
    const tooBig = await post(await form("image/png", 1000), new Uint8Array(10 * 1024 * 1024 + 1), "image/png");
    expect(tooBig.status).toBe(400);
    expect(await tooBig.text()).toContain("EntityTooLarge");
    const swapped = await post(await form("image/png", 12), png, "text/html", { "Content-Type": "text/html" });
    expect(swapped.status).toBe(403);

    const signed = await form("image/png", png.length);
    const ok = await post(signed, png, "image/png");
    expect(ok.status).toBeLessThan(300);
    const mine = await call(tokens.ada, "POST", `/v1/sessions/${s.id}/checkins`, {
      attended: true,
      rpe: 8,
      win: "Ran 5 km",
      tweak: "Start earlier",
      proofKey: signed.key,
    });
    expect(mine.status).toBe(200);
    expect((await read(mine)).proof).toMatchObject({ contentType: "image/png", size: png.length });

    // A key never uploaded, or someone else's, is refused after the fact.
    const missing = await call(tokens.bob, "POST", `/v1/sessions/${s.id}/checkins`, {
      attended: true,
      rpe: 5,
      proofKey: signed.key,
    });
    expect((await read(missing)).error.code).toBe("checkin.proof_invalid");

    const seen = await read(await call(tokens.bob, "GET", `/v1/sessions/${s.id}/checkins`));
    expect(seen.items).toHaveLength(1);
    expect(seen.items[0]).toMatchObject({ displayName: "ada", isYou: false, rpe: 8, win: "Ran 5 km" });
    const photo = await fetch(seen.items[0].proof.url);
    expect(new Uint8Array(await photo.arrayBuffer())).toEqual(png);

    // Editable for 48 hours, then not.
    clock.advance(47 * 3_600_000);
    expect((await call(tokens.ada, "POST", `/v1/sessions/${s.id}/checkins`, { attended: true, rpe: 6 })).status).toBe(
      200,
    );
    clock.advance(2 * 3_600_000);
    const late = await call(tokens.ada, "POST", `/v1/sessions/${s.id}/checkins`, { attended: true, rpe: 6 });
    expect(late.status).toBe(409);
    expect((await read(late)).error.code).toBe("checkin.locked");
  });
});
