// The leak guard: before level 5, nothing the tutor says may carry the item's answer. A reply is checked against the
// answer as normalised text, as a number, as a choice letter, as code and as the explanation's wording — and again
// after undoing the usual disguises (base64, hex, reversed, ROT13, spelt out letter by letter).
import type { QuestionBody } from "../content/index.js";
import { asNumber, normaliseText } from "./grading.js";

export interface Secrets {
  /** Normalised phrases that give the answer away (the right choice's text, a short answer and its variants). */
  phrases: string[];
  numbers: number[];
  /** The right choice's key, for "option b", "(b)", "answer: b". */
  choiceKey: string | null;
  /** Normalised lines of a reference solution worth hiding, and its tokens. */
  codeLines: string[];
  codeTokens: Set<string>;
  /** Word 6-grams of the explanation. */
  explanationShingles: Set<string>;
  /** Hidden tests' expected values and arguments, as JSON. */
  hiddenJson: string[];
}

const SHINGLE = 6;
const shinglesOf = (text: string) => {
  const words = normaliseText(text).split(" ").filter(Boolean);
  const out = new Set<string>();
  for (let i = 0; i + SHINGLE <= words.length; i++) out.add(words.slice(i, i + SHINGLE).join(" "));
  return out;
};

const codeTokensOf = (code: string) =>
  new Set((code.match(/[A-Za-z_$][\w$]*|\d+|[^\s\w]{1,3}/g) ?? []).filter((t) => t.length > 1 || /\w/.test(t)));

const CODE_KEYWORDS = new Set(["return", "const", "let", "function", "if", "else", "for", "of", "in", "new", "true"]);

export function secretsOf(q: QuestionBody): Secrets {
  const phrases: string[] = [];
  const numbers: number[] = [];
  let choiceKey: string | null = null;
  let codeLines: string[] = [];
  let codeTokens = new Set<string>();
  let hiddenJson: string[] = [];
  if (q.kind === "multiple_choice") {
    choiceKey = q.answer;
    const right = q.choices.find((c) => c.key === q.answer);
    if (right) phrases.push(normaliseText(right.text));
  } else if (q.kind === "short_answer") {
    for (const a of [q.answer, ...q.accepted]) {
      const n = asNumber(a);
      if (n !== undefined) numbers.push(n);
      else phrases.push(normaliseText(a));
    }
  } else {
    const starter = new Set(q.starter.split("\n").map((l) => l.replace(/\s+/g, "")));
    codeLines = q.answer
      .split("\n")
      .map((l) => l.replace(/\s+/g, ""))
      .filter((l) => l.length >= 14 && !starter.has(l));
    const starterTokens = codeTokensOf(q.starter);
    codeTokens = new Set([...codeTokensOf(q.answer)].filter((t) => !starterTokens.has(t) && !CODE_KEYWORDS.has(t)));
    hiddenJson = q.hiddenTests
      .flatMap((t) => [JSON.stringify(t.expected), ...t.args.map((a) => JSON.stringify(a))])
      .filter((s) => s.replace(/[^\w]/g, "").length >= 4);
  }
  return {
    phrases: phrases.filter((p) => p.length > 0),
    numbers,
    choiceKey,
    codeLines,
    codeTokens,
    // Wording the author also put in a hint is meant to be shown; the rest of the explanation is not.
    explanationShingles: new Set(
      [...shinglesOf(q.explanation)].filter((sh) => !q.hints.some((h) => ` ${normaliseText(h)} `.includes(` ${sh} `))),
    ),
    hiddenJson,
  };
}

/** The reply and what it says once undisguised: decoded base64 and hex runs, reversed, ROT13, letters joined up. */
export function readings(reply: string): string[] {
  const out = [reply];
  for (const run of reply.match(/[A-Za-z0-9+/]{8,}={0,2}/g) ?? []) {
    try {
      const decoded = Buffer.from(run, "base64").toString("utf8");
      if (/^[\x20-\x7e\s]+$/.test(decoded)) out.push(decoded);
    } catch {
      // not base64
    }
  }
  for (const run of reply.match(/(?:[0-9a-f]{2}[\s:]?){4,}/gi) ?? []) {
    const decoded = Buffer.from(run.replace(/[\s:]/g, ""), "hex").toString("utf8");
    if (/^[\x20-\x7e\s]+$/.test(decoded)) out.push(decoded);
  }
  out.push([...reply].reverse().join(""));
  out.push(
    reply.replace(/[a-z]/gi, (c) =>
      String.fromCharCode(((c.toLowerCase().charCodeAt(0) - 97 + 13) % 26) + (c <= "Z" ? 65 : 97)),
    ),
  );
  // "z-e-r-o", "z e r o", "z.e.r.o": single characters strung together.
  out.push(reply.replace(/\b(\w)(?:[\s.\-_*,|/]+(\w)\b)+/g, (m) => m.replace(/[\s.\-_*,|/]+/g, "")));
  // "i t ' s   z e r o": one space between letters, more between words.
  out.push(
    reply
      .split(/\s{2,}/)
      .map((word) => word.replace(/(\S) (?=\S)/g, "$1"))
      .join(" "),
  );
  return out;
}

const SPELT: Record<string, number> = {
  zero: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  fifteen: 15,
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  hundred: 100,
};

function numbersIn(text: string): number[] {
  const found: number[] = [];
  for (const m of text.match(/[-+]?\d[\d,]*(?:\.\d+)?|\.\d+/g) ?? []) {
    const n = asNumber(m);
    if (n !== undefined) found.push(n);
  }
  for (const w of normaliseText(text).split(" ")) if (w in SPELT) found.push(SPELT[w]!);
  return found;
}

function choiceNamed(text: string, key: string): boolean {
  const k = key.toLowerCase();
  const t = text.toLowerCase();
  // The letter standing alone: followed by the end, punctuation or "or"/"and" — "choose a strategy" is no leak.
  const alone = `${k}(?=\\s*(?:$|[).,:;!?"'”]|\\s(?:or|and|is)\\b))`;
  return [
    new RegExp(
      `\\b(?:option|choice|answer|letter|pick|choose|select|go with|it's|it is)\\s*(?:is|:|=|-)?\\s*\\(?["'“]?${alone}`,
    ),
    new RegExp(`\\(${k}\\)`),
    new RegExp(`(?:^|\\s)${k}\\)`),
    new RegExp(`(?:^|[\\s"'“])${k}["'”]?\\s+is\\s+(?:the\\s+)?(?:right|correct|answer)`),
  ].some((re) => re.test(t));
}

/** Why a reply gives the answer away, or null when it does not. */
export function leakIn(reply: string, s: Secrets): string | null {
  for (const text of readings(reply)) {
    const norm = ` ${normaliseText(text)} `;
    for (const p of s.phrases) if (norm.includes(` ${p} `)) return "answer text";
    if (s.numbers.length > 0) {
      const nums = numbersIn(text);
      if (s.numbers.some((n) => nums.some((m) => Math.abs(m - n) < 1e-9))) return "answer number";
    }
    if (s.choiceKey && choiceNamed(text, s.choiceKey)) return "choice letter";
    if (s.codeLines.length > 0) {
      const squashed = text.replace(/\s+/g, "");
      if (s.codeLines.some((l) => squashed.includes(l))) return "solution code";
    }
    if (s.codeTokens.size >= 6) {
      const tokens = codeTokensOf(text);
      let shared = 0;
      for (const t of s.codeTokens) if (tokens.has(t)) shared++;
      if (shared / s.codeTokens.size >= 0.6) return "solution code";
    }
    for (const j of s.hiddenJson) if (text.replace(/\s+/g, "").includes(j.replace(/\s+/g, ""))) return "hidden test";
    for (const sh of shinglesOf(text)) if (s.explanationShingles.has(sh)) return "explanation";
  }
  return null;
}
