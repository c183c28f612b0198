// The content filter on the text learners write: obscenity's English dataset (with its look-alike, l33t and
// repeated-letter handling) plus the words the stage configures. Slurs and explicit sexual terms block the write
// (400 `content.blocked`); everything else the dataset knows (general profanity, and anatomical or medical words
// that can be legitimate in learning) is stored and flagged for a moderator. Synchronous: one matcher per config,
// built on first use.
import {
  DataSet,
  type EnglishProfaneWord,
  englishDataset,
  englishRecommendedBlacklistMatcherTransformers,
  englishRecommendedTransformers,
  parseRawPattern,
  RegExpMatcher,
} from "obscenity";
import type { Config } from "../platform/config.js";
import { badRequest, type Platform } from "../platform/index.js";

/** Dataset words that block the write: slurs, and explicit sexual acts and insults. */
export const BLOCKED_WORDS: ReadonlySet<EnglishProfaneWord> = new Set<EnglishProfaneWord>([
  // slurs
  "abo",
  "abeed",
  "africoon",
  "arabush",
  "boonga",
  "chingchong",
  "chink",
  "dyke",
  "fag",
  "kike",
  "negro",
  "nigger",
  "retard",
  "spastic",
  "tranny",
  // explicit sexual acts and insults
  "blowjob",
  "bestiality",
  "buttplug",
  "deepthroat",
  "dildo",
  "doggystyle",
  "double penetration",
  "felch",
  "fellatio",
  "finger bang",
  "fisting",
  "gangbang",
  "handjob",
  "hentai",
  "jerk off",
  "jizz",
  "lubejob",
  "orgy",
  "slut",
  "whore",
  "hooker",
  "cuck",
  "scat",
]);

/**
 * Ordinary words the dataset would otherwise catch inside them ("fire retardant", "cumin", "shiitake", "cockpit").
 * The dataset's own exceptions ("Scunthorpe", "class", "assessment", "cocktail", "analysis", "therapist", …) apply too.
 */
const EXTRA_ALLOWED = ["retardant", "retardation", "cumin", "shiitake", "cockpit", "cockpits", "jizya", "jerk of "];

/**
 * Patterns for dataset words that its own transformers keep it from matching (repeated letters collapse to one, so
 * its "jizz", "buttplug" and "jerkoff" never match; "finger bang" is only matched without the space). "jerk of "
 * is allowed above, so "a jerk of a boss" stays clean while "jerk off" does not.
 */
const REPAIRS: [word: EnglishProfaneWord, pattern: string][] = [
  ["jizz", "|jiz"],
  ["buttplug", "butplug"],
  ["jerk off", "|jerkof"],
  ["jerk off", "|jerk of|"],
  ["finger bang", "|finger bang"],
];

type Verdict = "block" | "flag";
/** The dataset's phrases carry their word; configured ones also their verdict. */
interface Phrase {
  originalWord: string;
  configured?: Verdict;
}

export interface FlaggedField {
  field: string;
  text: string;
  terms: string[];
}

interface Screen {
  dataset: DataSet<Phrase>;
  matcher: RegExpMatcher;
}

/** Runs a word through the same transformers as the text, so a configured "B4dW0rd" and "badword" are one word. */
function normalize(word: string): string {
  const steps = englishRecommendedBlacklistMatcherTransformers.map((t) => {
    if (!("factory" in t)) return (c: number) => t.transform(c);
    const stateful = t.factory();
    return (c: number) => stateful.transform(c);
  });
  let out = "";
  for (const ch of word) {
    let code: number | undefined = ch.codePointAt(0);
    for (const step of steps) {
      if (code === undefined) break;
      code = step(code);
    }
    if (code !== undefined) out += String.fromCodePoint(code);
  }
  return out.trim();
}

/** A configured word or phrase as a pattern matching whole words only; the pattern syntax's own signs escaped. */
const wordPattern = (word: string) => parseRawPattern(`|${word.replace(/[\\[\]?|]/g, "\\$&")}|`);

function buildScreen(lists: Config["contentFilter"]): Screen {
  const dataset = new DataSet<Phrase>().addAll(englishDataset as DataSet<Phrase>);
  for (const [word, pattern] of REPAIRS) {
    dataset.addPhrase((phrase) => phrase.setMetadata({ originalWord: word }).addPattern(parseRawPattern(pattern)));
  }
  const configured = [
    ...lists.block.map((word) => ({ word, verdict: "block" as const })),
    ...lists.flag.map((word) => ({ word, verdict: "flag" as const })),
  ];
  for (const { word, verdict } of configured) {
    const normalized = normalize(word);
    if (!normalized) continue;
    dataset.addPhrase((phrase) =>
      phrase.setMetadata({ originalWord: word, configured: verdict }).addPattern(wordPattern(normalized)),
    );
  }
  const built = dataset.build();
  const matcher = new RegExpMatcher({
    ...built,
    whitelistedTerms: [...(built.whitelistedTerms ?? []), ...EXTRA_ALLOWED],
    ...englishRecommendedTransformers,
  });
  return { dataset, matcher };
}

const screens = new WeakMap<Config, Screen>();

function screenFor(config: Config): Screen {
  let screen = screens.get(config);
  if (!screen) {
    screen = buildScreen(config.contentFilter ?? { block: [], flag: [] });
    screens.set(config, screen);
  }
  return screen;
}

/**
 * Letters spelled out with separators ("f u c k", "n.i.g.g.e.r"): each run is joined and screened as a word too,
 * since the matcher reads the separators as word breaks.
 */
const SPACED_OUT = /(?<![\p{L}\p{N}])(?:[\p{L}\p{N}@$!][ ._\-*+~]+){2,}[\p{L}\p{N}@$!](?![\p{L}\p{N}])/gu;

/** The verdicts on one text: which words of which kind it contains. */
export function classify(config: Config, text: string): { blocked: string[]; flagged: string[] } {
  const { dataset, matcher } = screenFor(config);
  const blocked = new Set<string>();
  const flagged = new Set<string>();
  const read = (s: string) => {
    for (const match of matcher.getAllMatches(s)) {
      const { originalWord: word, configured } = dataset.getPayloadWithPhraseMetadata(match).phraseMetadata!;
      const verdict = configured ?? (BLOCKED_WORDS.has(word as EnglishProfaneWord) ? "block" : "flag");
      (verdict === "block" ? blocked : flagged).add(word);
    }
  };
  read(text);
  for (const run of text.matchAll(SPACED_OUT)) read(run[0].replace(/[ ._\-*+~]+/g, ""));
  for (const word of blocked) flagged.delete(word);
  return { blocked: [...blocked], flagged: [...flagged] };
}

/** "goal.title" → "goal title", "checkin.win" → "check-in win", "coach.docBody" → "coach doc body". */
const label = (field: string) =>
  field
    .replace(/^checkin\b/, "check-in")
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .replace(/[._]/g, " ")
    .toLowerCase();

/**
 * Screens the free-text fields of one write, keyed by their stable dotted names ("goal.title"). A field with a
 * blocked word throws 400 `content.blocked` naming the field (never the word); fields with only borderline words
 * come back flagged, for the caller to store and then hand to `flagContent`. Empty fields are skipped.
 */
export function screenText(
  p: Platform,
  fields: Record<string, string | null | undefined>,
): { flagged: FlaggedField[] } {
  const flagged: FlaggedField[] = [];
  for (const [field, text] of Object.entries(fields)) {
    if (!text?.trim()) continue;
    const verdict = classify(p.config, text);
    if (verdict.blocked.length > 0) {
      throw badRequest(
        "content.blocked",
        `The ${label(field)} contains language that is not allowed on Pactly. Please rephrase it.`,
        { field, issues: [{ path: field, message: "contains language that is not allowed" }] },
      );
    }
    if (verdict.flagged.length > 0) flagged.push({ field, text, terms: verdict.flagged });
  }
  return { flagged };
}
