// Authoring over HTTP: an admin saves drafts, publishes versions and archives; learners see each step only once it
// is published; a learner cannot author; bad bodies and stale edits are refused in the error format.
import { devLogIn } from "@pactly/core/auth";
import { describe, expect, it } from "vitest";
import { testPlatform } from "../../../core/test/helpers/platform.js";
import { createApp } from "../../src/api/app.js";
import { DOMAIN_MODULES } from "../../src/domains.js";

const question = (over: Record<string, unknown> = {}) => ({
  id: "np-roles-1",
  track: "net-prompting",
  kind: "multiple_choice",
  title: "System prompts",
  prompt: "Where do standing instructions for a chat model belong?",
  explanation: "The system message sets behaviour for the whole conversation.",
  hints: ["What is asked?", "Messages have roles.", "Which role persists?", "Compare user and system."],
  tags: ["roles"],
  difficulty: 1,
  choices: [
    { key: "a", text: "In the system message" },
    { key: "b", text: "In every user message" },
  ],
  answer: "a",
  ...over,
});

const lesson = {
  id: "np-roles",
  track: "net-prompting",
  title: "Roles",
  summary: "System, user, assistant.",
  body: "# Roles",
  tags: ["roles"],
  difficulty: 1,
  minutes: 4,
};

async function setup() {
  const { platform: p } = await testPlatform({ domains: DOMAIN_MODULES, config: { devSignIn: true } });
  const app = createApp(p);
  const admin = (await devLogIn(p, { email: "root@example.com", name: "Root", role: "admin" })).accessToken;
  const learner = (await devLogIn(p, { email: "ada@example.com", name: "Ada" })).accessToken;
  const call = (token: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    app.request(path, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...headers,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  return { admin, learner, call };
}

describe("content authoring", () => {
  it("draft → publish → edit → publish: learners see version 1, then version 2", async () => {
    const { admin, learner, call } = await setup();
    const saved = await call(admin, "PUT", "/v1/admin/content/questions/np-roles-1", question());
    expect(saved.status).toBe(200);
    const head: any = await saved.json();
    expect(head).toMatchObject({ status: "draft", publishedVersion: 0 });
    expect((await call(learner, "GET", "/v1/content/questions/np-roles-1")).status).toBe(404);

    expect((await call(admin, "POST", "/v1/admin/content/questions/np-roles-1/publish")).status).toBe(200);
    const v1: any = await (await call(learner, "GET", "/v1/content/questions/np-roles-1")).json();
    expect(v1).toMatchObject({ version: 1, title: "System prompts" });

    const loaded: any = await (await call(admin, "GET", "/v1/admin/content/questions/np-roles-1")).json();
    const edit = await call(
      admin,
      "PUT",
      "/v1/admin/content/questions/np-roles-1",
      question({ title: "Where instructions live" }),
      { "if-match": String(loaded.version) },
    );
    expect(edit.status).toBe(200);
    // Until it is published the learner still reads version 1.
    expect(((await (await call(learner, "GET", "/v1/content/questions/np-roles-1")).json()) as any).title).toBe(
      "System prompts",
    );
    // A second editor holding the old version cannot overwrite the edit.
    const stale = await call(admin, "PUT", "/v1/admin/content/questions/np-roles-1", question({ title: "Mine" }), {
      "if-match": String(loaded.version),
    });
    expect(stale.status).toBe(409);
    expect(((await stale.json()) as any).error.code).toBe("content.edit_conflict");

    await call(admin, "POST", "/v1/admin/content/questions/np-roles-1/publish");
    const v2: any = await (await call(learner, "GET", "/v1/content/questions/np-roles-1")).json();
    expect(v2).toMatchObject({ version: 2, title: "Where instructions live" });
    const detail: any = await (await call(admin, "GET", "/v1/admin/content/questions/np-roles-1")).json();
    expect(detail.versions.map((v: any) => v.number)).toEqual([1, 2]);

    const list: any = await (await call(admin, "GET", "/v1/admin/content/questions?track=net-prompting")).json();
    expect(list.items.map((i: any) => i.id)).toEqual(["np-roles-1"]);
    expect(list.items[0].published.answer).toBe("a");

    expect((await call(admin, "POST", "/v1/admin/content/questions/np-roles-1/archive")).status).toBe(200);
    expect((await call(learner, "GET", "/v1/content/questions/np-roles-1")).status).toBe(404);
  });

  it("refuses learners, malformed bodies, mismatched ids and publishing nothing, storing nothing", async () => {
    const { admin, learner, call } = await setup();
    expect((await call(learner, "PUT", "/v1/admin/content/questions/np-roles-1", question())).status).toBe(403);
    const bad = await call(admin, "PUT", "/v1/admin/content/questions/np-roles-1", question({ difficulty: 9 }));
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain("difficulty");
    const huge = await call(
      admin,
      "PUT",
      "/v1/admin/content/questions/np-roles-1",
      question({ prompt: "x".repeat(9_000) }),
    );
    expect(huge.status).toBe(400);
    const mismatch = await call(admin, "PUT", "/v1/admin/content/questions/np-other", question());
    expect(((await mismatch.json()) as any).error.code).toBe("content.id_mismatch");
    expect((await call(admin, "POST", "/v1/admin/content/questions/np-roles-1/publish")).status).toBe(404);
    const list: any = await (await call(admin, "GET", "/v1/admin/content/questions?track=net-prompting")).json();
    expect(list.items).toEqual([]);

    await call(admin, "PUT", "/v1/admin/content/lessons/np-roles", lesson);
    await call(admin, "POST", "/v1/admin/content/lessons/np-roles/publish");
    const again = await call(admin, "POST", "/v1/admin/content/lessons/np-roles/publish");
    expect(again.status).toBe(409);
    expect(((await again.json()) as any).error.code).toBe("content.nothing_to_publish");
  });

  it("imports a pack over HTTP: a dry run, a refused pack with its report, the import, and the export", async () => {
    const { admin, learner, call } = await setup();
    const pack = {
      format: "pactly.content-pack/1",
      name: "net_prompting",
      track: "net-prompting",
      title: "Prompting",
      questions: [question({ lessons: ["np-roles"] })],
      lessons: [lesson],
    };
    const dry: any = await (await call(admin, "POST", "/v1/admin/content/packs/import", { pack, dryRun: true })).json();
    expect(dry.changes.map((c: any) => c.change)).toEqual(["new", "new"]);
    expect((await call(learner, "GET", "/v1/content/questions/np-roles-1")).status).toBe(404);

    const broken = { ...pack, questions: [question({ lessons: ["np-absent"] })] };
    const refused = await call(admin, "POST", "/v1/admin/content/packs/import", { pack: broken });
    expect(refused.status).toBe(422);
    const err: any = await refused.json();
    expect(err.error.code).toBe("content.pack_invalid");
    expect(err.error.details.report.problems[0].path).toBe("questions[0].lessons[0]");

    const done = await call(admin, "POST", "/v1/admin/content/packs/import", { pack });
    expect(done.status).toBe(200);
    expect((await call(learner, "GET", "/v1/content/questions/np-roles-1")).status).toBe(200);
    expect((await call(learner, "POST", "/v1/admin/content/packs/import", { pack })).status).toBe(403);

    const exported: any = await (
      await call(admin, "GET", "/v1/admin/content/packs/export?track=net-prompting&name=net_prompting")
    ).json();
    expect(exported.questions.map((q: any) => q.id)).toEqual(["np-roles-1"]);
    expect(exported.lessons.map((l: any) => l.id)).toEqual(["np-roles"]);
  });
});
