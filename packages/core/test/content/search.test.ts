// Content search against DynamoDB Local and the S3 emulator: lexical with prefixes and typos over what learners
// may see only, and vector similarity from a local embeddings endpoint, its index built after publishing and kept
// in S3.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { publish, rebuildVectorIndex, saveDraft, searchContent, vectorIndexKey } from "../../src/content/index.js";
import { contentDomain } from "../../src/content/module.js";
import { type LlmServer, startLlmServer } from "../helpers/llm-server.js";
import { testPlatform } from "../helpers/platform.js";
import { publishTutorPack, TUTOR_TRACK } from "../helpers/tutor-pack.js";

const lesson = (id: string, title: string, body: string) => ({
  id,
  track: TUTOR_TRACK,
  title,
  summary: `${title}.`,
  body,
  tags: ["alpha"],
  difficulty: 1,
  minutes: 5,
});

/** A toy embedding: one dimension per concept, so synonyms land close together. */
const CONCEPTS = [
  ["temperature", "randomness", "random", "sampling", "creative", "deterministic"],
  ["token", "tokens", "context", "window", "budget"],
  ["alpha", "rule"],
];
const embed = (text: string) => {
  const words = text.toLowerCase().split(/[^a-z]+/);
  return CONCEPTS.map((c) => words.filter((w) => c.includes(w)).length + 0.01);
};

describe("lexical search", () => {
  it("finds by title, prefix and typo, and never by an answer or explanation", async () => {
    const { platform: p } = await testPlatform();
    await publishTutorPack(p);
    const top = await searchContent(p, { q: "alpha", track: TUTOR_TRACK });
    expect(top.find((h) => h.kind === "lesson")).toMatchObject({ id: "lesson-alpha", matchedBy: ["lexical"] });
    expect(top.filter((h) => h.kind === "question").every((h) => h.tags.includes("alpha"))).toBe(true);
    expect((await searchContent(p, { q: "alph", track: TUTOR_TRACK, kind: "lesson" }))[0]?.id).toBe("lesson-alpha");
    expect((await searchContent(p, { q: "alpga", track: TUTOR_TRACK })).map((h) => h.id)).toContain("lesson-alpha");
    // "zephyr" is alpha-2's answer; "fitting" is only in explanations; "Worked" only in hints.
    for (const secret of ["zephyr", "fitting", "worked", "twiceTheInput"])
      expect(await searchContent(p, { q: secret, track: TUTOR_TRACK }), secret).toEqual([]);
    const lessonsOnly = await searchContent(p, { q: "question", track: TUTOR_TRACK, kind: "lesson" });
    expect(lessonsOnly.every((h) => h.kind === "lesson")).toBe(true);
  });

  it("shows a newly published lesson at once", async () => {
    const { platform: p } = await testPlatform();
    await publishTutorPack(p);
    expect(await searchContent(p, { q: "kangaroo", track: TUTOR_TRACK })).toEqual([]);
    await saveDraft(p, "lesson", lesson("lesson-kangaroo", "Kangaroo jumps", "Kangaroos hop."), { by: "a" });
    await publish(p, "lesson", "lesson-kangaroo", { by: "a" });
    expect((await searchContent(p, { q: "kangaroo", track: TUTOR_TRACK }))[0]?.id).toBe("lesson-kangaroo");
  });
});

describe("vector search", () => {
  let server: LlmServer;
  beforeAll(async () => {
    server = await startLlmServer({ reply: () => "", embed });
  });
  afterAll(() => server.close());

  it("finds a lesson by meaning after the publish's job built the index in S3", async () => {
    const { platform: p } = await testPlatform({
      domains: [contentDomain],
      config: { llm: { baseUrl: server.url, model: "chat", embeddingModel: "toy-embed" } },
    });
    await saveDraft(p, "lesson", lesson("lesson-temp", "Temperature", "Temperature controls sampling."), { by: "a" });
    await publish(p, "lesson", "lesson-temp", { by: "a" });
    await saveDraft(p, "lesson", lesson("lesson-ctx", "Context windows", "Tokens fill the window."), { by: "a" });
    await publish(p, "lesson", "lesson-ctx", { by: "a" });
    // Each publish queued the indexing job in its transaction; run it as the dispatcher would.
    await contentDomain.jobs!["content.index-vectors"]!(p, { track: TUTOR_TRACK });
    const stored = await p.blob.get(vectorIndexKey(TUTOR_TRACK));
    expect(JSON.parse(Buffer.from(stored!.body).toString()).items).toHaveLength(2);

    const hits = await searchContent(p, { q: "how random is it", track: TUTOR_TRACK });
    expect(hits[0]).toMatchObject({ id: "lesson-temp", matchedBy: ["vector"] });
    expect(hits.map((h) => h.id)).not.toContain("lesson-ctx");
    // Nothing changed: running the job again embeds nothing new.
    expect(await rebuildVectorIndex(p, TUTOR_TRACK)).toEqual({ embedded: 0, total: 2 });
  });
});
