// The admin matching page's data over HTTP: who waits per sprint type, by name, and the formed pods' members named.
import { devLogIn } from "@pactly/core/auth";
import { seedCatalog } from "@pactly/core/catalog";
import { ManualClock } from "@pactly/core/platform";
import { describe, expect, it } from "vitest";
import { testPlatform } from "../../../core/test/helpers/platform.js";
import { createApp } from "../../src/api/app.js";
import { DOMAIN_MODULES } from "../../src/domains.js";

const read = async (res: Response): Promise<any> => res.json();
const EVENINGS = {
  locale: "en-GB",
  windows: [
    { weekday: 2, start: "18:00", end: "21:00" },
    { weekday: 4, start: "18:00", end: "21:00" },
  ],
  experienceLevel: "beginner",
  collaborationStyle: "social",
};

async function app() {
  const clock = new ManualClock("2026-03-02T09:00:00Z");
  const { platform: p } = await testPlatform({ domains: DOMAIN_MODULES, clock, config: { devSignIn: true } });
  await seedCatalog(p);
  const api = createApp(p);
  const tokens = new Map<string, string>();
  const tokenFor = async (email: string, name: string, role?: "admin") => {
    const token = (await devLogIn(p, { email, name, ...(role ? { role } : {}) })).accessToken;
    tokens.set(email, token);
    return token;
  };
  const call = (token: string, method: string, path: string, body?: unknown) =>
    api.request(path, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  return { p, clock, call, tokenFor };
}

describe("GET /v1/admin/matching/waitlist", () => {
  it("is for admins: a learner is refused with 403 in the error format, nobody signed in with 401", async () => {
    const { call, tokenFor } = await app();
    const ada = await tokenFor("ada@example.com", "Ada Lovelace");
    const res = await call(ada, "GET", "/v1/admin/matching/waitlist");
    expect(res.status).toBe(403);
    expect(await read(res)).toMatchObject({ error: { code: "auth.forbidden", message: expect.any(String) } });
    const anonymous = await call("", "GET", "/v1/admin/matching/waitlist");
    expect(anonymous.status).toBe(401);
  });

  it("counts who waits per sprint type and language and names them; after a run the pod's members are named", async () => {
    const { call, tokenFor, clock } = await app();
    const learners = [
      ["ada@example.com", "Ada Lovelace", "Europe/London"],
      ["bob@example.com", "Bob Marley", "Europe/London"],
      ["cy@example.com", "Cy Twombly", "Europe/Dublin"],
    ] as const;
    for (const [email, name, timezone] of learners) {
      const token = await tokenFor(email, name);
      const joined = await call(token, "POST", "/v1/waitlist", { sprintType: "net_prompting", timezone, ...EVENINGS });
      expect(joined.status).toBe(201);
      clock.advance(60_000);
    }
    const admin = await tokenFor("root@example.com", "Root", "admin");

    const before = await call(admin, "GET", "/v1/admin/matching/waitlist");
    expect(before.status).toBe(200);
    const { sprints } = await read(before);
    const prompting = sprints.find((s: any) => s.sprintType === "net_prompting");
    expect(prompting).toMatchObject({ name: "Prompting and LLM programs", waiting: 3 });
    expect(prompting.byLanguage).toEqual([{ language: "en", waiting: 3 }]);
    // First in line first: they joined a minute apart.
    expect(prompting.preview.map((l: any) => l.displayName)).toEqual(["Ada Lovelace", "Bob Marley", "Cy Twombly"]);
    expect(prompting.preview[2]).toMatchObject({ timezone: "Europe/Dublin", language: "en", rematched: false });
    expect(Date.parse(prompting.preview[0].waitingSince)).toBeLessThan(Date.parse(prompting.preview[1].waitingSince));
    // Every sprint type of the catalog is listed, the others with nobody waiting.
    expect(sprints.find((s: any) => s.sprintType === "gym_3x_week")).toMatchObject({ waiting: 0, preview: [] });

    const run = await read(await call(admin, "POST", "/v1/admin/matching/run", { sprintType: "net_prompting" }));
    expect(run.podsFormed).toBe(1);
    expect(run.pods).toHaveLength(1);
    expect(run.pods[0].id).toBe(run.podIds[0]);
    expect(run.pods[0].members.map((m: any) => m.displayName).sort()).toEqual([
      "Ada Lovelace",
      "Bob Marley",
      "Cy Twombly",
    ]);

    const after = await read(await call(admin, "GET", "/v1/admin/matching/waitlist"));
    expect(after.sprints.find((s: any) => s.sprintType === "net_prompting")).toMatchObject({ waiting: 0, preview: [] });
  });
});
