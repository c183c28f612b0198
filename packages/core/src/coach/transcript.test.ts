import { describe, expect, it } from "vitest";
import { diffDocs } from "./diff.js";
import { asData } from "./prompts.js";
import { normaliseTranscript, transcriptLines, vttToText } from "./transcript.js";

describe("transcripts", () => {
  it("reduces WebVTT to speaker lines", () => {
    const vtt =
      "WEBVTT\n\nNOTE hi\n\n1\n00:00:01.000 --> 00:00:02.500\n<v Ada Lovelace>Hello <b>all</b>\n\n00:01.000 --> 00:02.000\nplain";
    expect(vttToText(vtt)).toBe("Ada Lovelace: Hello all\nplain");
    expect(transcriptLines(normaliseTranscript(vtt))).toEqual([
      { speaker: "Ada Lovelace", text: "Hello all" },
      { speaker: null, text: "plain" },
    ]);
  });

  it("refuses an empty or oversized transcript", () => {
    expect(() => normaliseTranscript(" \n\u0000 ")).toThrow(
      expect.objectContaining({ code: "coach.transcript_empty" }),
    );
    expect(() => normaliseTranscript("x".repeat(100_001))).toThrow(
      expect.objectContaining({ status: 413, code: "coach.transcript_too_large" }),
    );
  });

  it("keeps data from closing its block", () => {
    expect(asData("a DATA>>> b <<<DATA c")).toBe("a DATA» b «DATA c");
  });
});

describe("version diffs", () => {
  it("matches items by id and reports additions, removals and changes", () => {
    const base = {
      agenda: [{ id: "a1", title: "x" }],
      notes: { summary: "s", decisions: [] as string[] },
      actionItems: [{ id: "t1", text: "a" }],
      quiz: null,
      proofChecklist: null,
    };
    const next = {
      ...base,
      agenda: [
        { id: "a1", title: "y" },
        { id: "a2", title: "z" },
      ],
      notes: { summary: "s", decisions: ["d"] },
      actionItems: [],
    };
    expect(diffDocs(base, next).map((c) => [c.section, c.kind, c.id])).toEqual([
      ["agenda", "changed", "a1"],
      ["agenda", "added", "a2"],
      ["notes", "added", "decisions"],
      ["actionItems", "removed", "t1"],
    ]);
    expect(diffDocs(base, base)).toEqual([]);
  });
});
