// Searching content over HTTP: a signed-in learner finds lessons and questions by what they can see; bad queries get
// the error format; answers are never searchable.
import { devLogIn } from "@pactly/core/auth";
import { describe, expect, it } from "vitest";
import { testPlatform } from "../../../core/test/helpers/platform.js";
import { publishTutorPack, TUTOR_TRACK } from "../../../core/test/helpers/tutor-pack.js";
import { createApp } from "../../src/api/app.js";
import { DOMAIN_MODULES } from "../../src/domains.js";

describe("GET /v1/content/search", () => {
  it("finds by topic, hides answers, and answers bad queries with a 400", async () => {
    const { platform: p } = await testPlatform({ domains: DOMAIN_MODULES, config: { devSignIn: true } });
    await publishTutorPack(p);
    const a = createApp(p);
    const token = (await devLogIn(p, { email: "ada@example.com", name: "Ada" })).accessToken;
    const get = (qs: string, auth = true) =>
      a.request(`/v1/content/search?${qs}`, { headers: auth ? { authorization: `Bearer ${token}` } : {} });
    const found = await get(`q=beta&track=${TUTOR_TRACK}&kind=lesson`);
    expect(found.status).toBe(200);
    expect(((await found.json()) as { items: unknown[] }).items[0]).toMatchObject({
      kind: "lesson",
      id: "lesson-beta",
      title: "All about beta",
    });
    const secret = await get(`q=marmot&track=${TUTOR_TRACK}`);
    expect(((await secret.json()) as { items: unknown[] }).items).toEqual([]);
    for (const bad of [
      `track=${TUTOR_TRACK}`,
      `q=a&track=${TUTOR_TRACK}`,
      `q=${"x".repeat(201)}&track=${TUTOR_TRACK}`,
      "q=beta&track=Bad Track",
    ]) {
      const res = await get(bad);
      expect(res.status, bad).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBeTruthy();
    }
    expect((await get(`q=beta&track=${TUTOR_TRACK}`, false)).status).toBe(401);
  });
});
