// Browsing content over HTTP: learners see published items only, and never an answer, explanation, authored hint or
// hidden test.
import { devLogIn } from "@pactly/core/auth";
import { publish, saveDraft } from "@pactly/core/content";
import { describe, expect, it } from "vitest";
import { testPlatform } from "../../../core/test/helpers/platform.js";
import { createApp } from "../../src/api/app.js";
import { DOMAIN_MODULES } from "../../src/domains.js";

const SECRET_ANSWER = "function slugify(s) { return s.toLowerCase().trim().replace(/[^a-z0-9]+/g, '-'); }";
const code = {
  id: "np-slugify",
  track: "net-prompting",
  kind: "code",
  title: "Slugify a prompt name",
  prompt: "Write `slugify(name)` for prompt file names.",
  explanation: "Lower-case, trim, then replace every run of other characters by one hyphen — the unique explanation.",
  hints: ["Hint one, unique-h1.", "Hint two, unique-h2.", "Hint three, unique-h3.", "Hint four, unique-h4."],
  tags: ["templates"],
  difficulty: 2,
  language: "javascript",
  entry: "slugify",
  starter: "function slugify(name) {\n  // your code\n}",
  answer: SECRET_ANSWER,
  visibleTests: [{ name: "spaces", args: ["My Prompt"], expected: "my-prompt" }],
  hiddenTests: [{ name: "secret-hidden-case", args: ["  A  "], expected: "a" }],
};
const lesson = {
  id: "np-templates",
  track: "net-prompting",
  title: "Prompt templates",
  summary: "Fill a template safely.",
  body: "# Templates\n\nKeep variables apart from instructions.",
  tags: ["templates"],
  difficulty: 1,
  minutes: 5,
};

async function app() {
  const { platform: p } = await testPlatform({ domains: DOMAIN_MODULES, config: { devSignIn: true } });
  await saveDraft(p, "question", code, { by: "admin" });
  await publish(p, "question", code.id, { by: "admin" });
  await saveDraft(p, "question", { ...code, id: "np-draft-only", title: "Not yet" }, { by: "admin" });
  await saveDraft(p, "lesson", lesson, { by: "admin" });
  await publish(p, "lesson", lesson.id, { by: "admin" });
  const a = createApp(p);
  const token = (await devLogIn(p, { email: "ada@example.com", name: "Ada" })).accessToken;
  const get = (path: string, auth = true) =>
    a.request(path, { headers: auth ? { authorization: `Bearer ${token}` } : {} });
  return { get };
}

describe("content browsing", () => {
  it("lists a track's published questions and lessons without any secret part", async () => {
    const { get } = await app();
    const list = await get("/v1/content/questions?track=net-prompting&tag=templates");
    expect(list.status).toBe(200);
    const text = await list.text();
    const body = JSON.parse(text);
    expect(body.items.map((q: { id: string }) => q.id)).toEqual(["np-slugify"]);
    expect(body.items[0]).toMatchObject({ version: 1, hiddenTestCount: 1, visibleTests: code.visibleTests });
    const one = await (await get("/v1/content/questions/np-slugify")).text();
    for (const leaked of [SECRET_ANSWER, "unique explanation", "unique-h1", "unique-h4", "secret-hidden-case"]) {
      expect(text).not.toContain(leaked);
      expect(one).not.toContain(leaked);
    }
    const lessons: any = await (await get("/v1/content/lessons?track=net-prompting")).json();
    expect(lessons.items.map((l: { id: string }) => l.id)).toEqual(["np-templates"]);
    expect(((await (await get("/v1/content/lessons/np-templates")).json()) as any).body).toContain("# Templates");
  });

  it("hides drafts, answers unknown ids with 404 and bad queries with 400, and needs a signed-in learner", async () => {
    const { get } = await app();
    expect((await get("/v1/content/questions/np-draft-only")).status).toBe(404);
    const missing = await get("/v1/content/lessons/np-nothing");
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as any).error.code).toBe("content.lesson_not_found");
    expect((await get("/v1/content/questions?track=Not%20A%20Track")).status).toBe(400);
    expect((await get("/v1/content/questions")).status).toBe(400);
    expect((await get("/v1/content/questions?track=net-prompting", false)).status).toBe(401);
  });
});
