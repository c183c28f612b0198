import { describe, expect, it } from "vitest";
import { loadConfig } from "../platform/config.js";
import { AppError } from "../platform/errors.js";
import type { Platform } from "../platform/index.js";
import { BLOCKED_WORDS, classify, screenText } from "./filter.js";

const config = loadConfig({});
const platform = (c = config) => ({ config: c }) as Platform;

function blockedError(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error("expected the text to be blocked");
}

describe("classify", () => {
  it("blocks slurs and explicit sexual terms, also spelled with look-alikes, l33t, repeats or spaced out", () => {
    for (const text of [
      "you are a n1gg3r",
      "what a retard",
      "such a sluuut",
      "send me a blowjob",
      "ƒag",
      "n i g g e r",
      "k.i.k.e",
      "she is a whore",
    ]) {
      expect(classify(config, text).blocked, text).not.toEqual([]);
    }
  });

  it("catches each word as itself, in its class, also those the dataset's own patterns miss", () => {
    for (const text of ["jizz", "buttplug", "jerk off", "jerkoff", "finger bang", "fingerbang"]) {
      expect(classify(config, text).blocked, text).toHaveLength(1);
    }
    for (const word of BLOCKED_WORDS) expect(classify(config, word).blocked, word).toContain(word);
    for (const word of ["fuck", "shit", "ass", "bitch", "bastard", "piss", "cunt", "twat", "bollocks", "porn"]) {
      expect(classify(config, word), word).toEqual({ blocked: [], flagged: [word] });
    }
    expect(classify(config, "a jerk of a boss")).toEqual({ blocked: [], flagged: [] });
    expect(classify(config, "the jizya tax")).toEqual({ blocked: [], flagged: [] });
  });

  it("flags general profanity and anatomical or medical words without blocking them", () => {
    for (const [text, word] of [
      ["this is shit", "shit"],
      ["fuuuck this exercise", "fuck"],
      ["what a bitch of a problem", "bitch"],
      ["sex-linked genes", "sex"],
      ["the penis and the vagina", "penis"],
      ["f u c k", "fuck"],
      ["rape as a war crime", "rape"],
    ] as const) {
      const verdict = classify(config, text);
      expect(verdict.blocked, text).toEqual([]);
      expect(verdict.flagged, text).toContain(word);
    }
  });

  it("leaves ordinary learning text alone", () => {
    for (const text of [
      "Scunthorpe",
      "class",
      "assessment",
      "passing the exam",
      "a cocktail party",
      "analysis of variance",
      "the therapist",
      "shitake and shiitake mushrooms",
      "cumin and cucumber",
      "flame retardant materials",
      "the cockpit of a plane",
      "Essex and Sussex",
      "the constitution",
      "a scatter plot",
      "grapefruit",
      "assignment",
      "an embarrassing bass guitar",
      "I passed my Japanese title exam",
    ]) {
      expect(classify(config, text), text).toEqual({ blocked: [], flagged: [] });
    }
  });

  it("only flags what is left ambiguous in names: 'Dick Van Dyke' is flagged for 'dick', not blocked for 'dyke'", () => {
    expect(classify(config, "Dick Van Dyke")).toEqual({ blocked: [], flagged: ["dick"] });
  });

  it("adds the configured words: whole words, any case, through the same transformers", () => {
    const custom = loadConfig({ PACTLY_CONTENT_BLOCK: " BadWord , two words", PACTLY_CONTENT_FLAG: "meh,slut" });
    expect(custom.contentFilter).toEqual({ block: ["badword", "two words"], flag: ["meh", "slut"] });
    expect(classify(custom, "a B4dW0rd here").blocked).toEqual(["badword"]);
    expect(classify(custom, "two   words").blocked).toEqual(["two words"]);
    expect(classify(custom, "mybadword and badwords").blocked).toEqual([]);
    expect(classify(custom, "meh, fine")).toEqual({ blocked: [], flagged: ["meh"] });
    // A word the dataset blocks stays blocked when configured as only flagged.
    expect(classify(custom, "slut").blocked).toEqual(["slut"]);
    // The lists do not leak into another config.
    expect(classify(config, "badword")).toEqual({ blocked: [], flagged: [] });
  });

  it("bounds the configured lists", () => {
    expect(() => loadConfig({ PACTLY_CONTENT_BLOCK: "x".repeat(81) })).toThrow(/contentFilter\.block/);
    const many = Array.from({ length: 501 }, (_, i) => `w${i}`).join(",");
    expect(() => loadConfig({ PACTLY_CONTENT_FLAG: many })).toThrow(/contentFilter\.flag/);
  });
});

describe("screenText", () => {
  it("throws 400 content.blocked naming the field, not the word", () => {
    const e = blockedError(() => screenText(platform(), { "goal.title": "ok", "goal.description": "a retard" }));
    expect(e.status).toBe(400);
    expect(e.code).toBe("content.blocked");
    expect(e.message).toContain("goal description");
    expect(e.message).not.toContain("retard");
    expect(e.details).toMatchObject({ field: "goal.description" });
  });

  it("returns the fields with borderline words and skips empty ones", () => {
    expect(
      screenText(platform(), {
        "checkin.win": "finished the damn shit",
        "checkin.tweak": "",
        "profile.bio": null,
        "profile.name": undefined,
        "goal.title": "Learn Spanish",
      }),
    ).toEqual({ flagged: [{ field: "checkin.win", text: "finished the damn shit", terms: ["shit"] }] });
  });
});
