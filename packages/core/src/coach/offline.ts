// The offline coach: agendas and notes built from templates, the session context and the transcript's own lines,
// with no model. The same input always gives the same document, so every coach feature works without a key.
import { intentOf } from "../tutor/index.js";
import type {
  ActionItem,
  AgendaItem,
  MemberFocus,
  ProofChecklist,
  Quiz,
  SessionContext,
  SessionNotes,
} from "./model.js";
import { type TranscriptLine, transcriptLines } from "./transcript.js";

export const OFFLINE_PROMPT_VERSION = "coach-offline@2026-12-03.1";

/** Shares of the time allocation, by agenda part (the focus share is split between members). */
const SHARES = { opening: 0.15, review: 0.15, focus: 0.4, practice: 0.15, plan: 0.1, closing: 0.05 } as const;

/** Splits `total` minutes over weights, every part at least 1, summing to exactly `total`. */
export function splitMinutes(total: number, weights: number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0) || 1;
  const raw = weights.map((w) => (w / sum) * total);
  const out = raw.map((r) => Math.max(1, Math.floor(r)));
  let left = total - out.reduce((a, b) => a + b, 0);
  // The largest remainders get the minutes left over; ties go to the earlier part.
  const order = raw.map((r, i) => ({ i, rest: r - Math.floor(r) })).sort((a, b) => b.rest - a.rest || a.i - b.i);
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) out[order[k]!.i]!++;
  for (let i = out.length - 1; left < 0 && i >= 0; i--) {
    const take = Math.min(out[i]! - 1, -left);
    out[i]! -= take;
    left += take;
  }
  return out;
}

const PRACTICE: Record<string, { title: string; detail: string }> = {
  gym_3x_week: {
    title: "Plan the week's workouts",
    detail:
      "Each member names the three workouts of the coming week, the days they fall on, and what could get in the way.",
  },
  net_prompting: {
    title: "Pair on a prompt",
    detail:
      "Take one member's weakest topic, write a prompt or a small program for it together, run it and improve it once.",
  },
};

function focusDetail(m: MemberFocus): string {
  const parts: string[] = [];
  if (m.goal) parts.push(`Goal: ${m.goal}.`);
  if (m.weakestTags.length)
    parts.push(
      `Weakest topics: ${m.weakestTags.map((t) => `${t.tag} (${Math.round(t.mastery * 100)}% mastery)`).join(", ")}.`,
    );
  if (m.complexMoments.length)
    parts.push(`The tutor saw them stuck on: ${m.complexMoments.map((c) => `"${c.questionTitle}"`).join(", ")}.`);
  if (parts.length === 1 || parts.length === 0) parts.push("Share one thing that went well and one that did not.");
  return parts.join(" ");
}

/** An agenda from the session context: check-in, review, a focus per member, practice, commitments, close. */
export function offlineAgenda(ctx: SessionContext): AgendaItem[] {
  const members = ctx.members;
  const kinds: { kind: AgendaItem["kind"]; weight: number; item: Omit<AgendaItem, "id" | "minutes" | "kind"> }[] = [];
  kinds.push({
    kind: "opening",
    weight: SHARES.opening,
    item: {
      title: `Check-in round (session ${ctx.sessionNumber}${ctx.sessionsTotal ? ` of ${ctx.sessionsTotal}` : ""})`,
      detail: "Each member: one win since the last session, one thing that got in the way.",
      memberIds: members.map((m) => m.userId),
    },
  });
  const open = ctx.openActionItems;
  const last = ctx.previousNotes[ctx.previousNotes.length - 1];
  if (open.length || last) {
    kinds.push({
      kind: "review",
      weight: SHARES.review,
      item: {
        title: "Review last session's action items",
        detail: [
          open.length
            ? `Open: ${open
                .slice(0, 10)
                .map((a) => `${a.ownerName} — ${a.text} (due ${a.dueDate})`)
                .join("; ")}.`
            : "Every action item is done.",
          last?.decisions.length ? `Decided last time: ${last.decisions.slice(0, 3).join("; ")}.` : "",
        ]
          .filter(Boolean)
          .join(" ")
          .slice(0, 1000),
        memberIds: [...new Set(open.map((a) => a.ownerId))],
      },
    });
  }
  for (const m of members) {
    const topic = m.weakestTags[0]?.tag ?? m.complexMoments[0]?.questionTitle;
    kinds.push({
      kind: "focus",
      weight: SHARES.focus / Math.max(1, members.length),
      item: {
        title: topic ? `${m.displayName}: ${topic}` : `${m.displayName}: progress on the goal`,
        detail: focusDetail(m).slice(0, 1000),
        memberIds: [m.userId],
      },
    });
  }
  const practice = PRACTICE[ctx.sprintType.id] ?? {
    title: "Practise together",
    detail: "Work through one exercise of the sprint's material together.",
  };
  kinds.push({ kind: "practice", weight: SHARES.practice, item: { ...practice, memberIds: [] } });
  kinds.push({
    kind: "plan",
    weight: SHARES.plan,
    item: {
      title: "Commitments for the next session",
      detail: `Each member states one action item${ctx.nextSessionDate ? `, due by ${ctx.nextSessionDate}` : ""}, and the proof they will check in with (${ctx.sprintType.proofMethod}).`,
      memberIds: members.map((m) => m.userId),
    },
  });
  kinds.push({
    kind: "closing",
    weight: SHARES.closing,
    item: { title: "Wrap-up", detail: "Confirm the next session's time and who checks in with what.", memberIds: [] },
  });
  const minutes = splitMinutes(
    ctx.timeAllocation,
    kinds.map((k) => k.weight),
  );
  return kinds.map((k, i) => ({ id: `a${i + 1}`, kind: k.kind, minutes: minutes[i]!, ...k.item }));
}

const STOP = new Set(
  (
    "a an and are as at be but by can could did do does for from had has have he her his i i'm i'll if in into is it " +
    "it's its just let's like me my no not of on or our she so that the their them then there they this to too up us " +
    "was we we'll were what when which who will with would yes you your yeah okay ok um uh also about been get got " +
    "going gonna really think know want need next time session week today tomorrow all one two more some than very"
  ).split(" "),
);

const DECISION = /\b(we (decided|agreed|will|'ll)|we'll|let's|decision|agreed|from now on|we're going to)\b/i;
const ACTION =
  /\b(i will|i'll|i am going to|i'm going to|i plan to|my action|action item|todo|to-do|i need to|i have to|i commit)\b/i;

const sentenceOf = (s: string, max: number) => {
  const t = s.replace(/\s+/g, " ").trim();
  return t.length > max ? `${t.slice(0, max - 1).trimEnd()}…` : t;
};

/** A line that tries to instruct the coach (or anyone reading the notes as a model) is left out of them. */
/**
 * A line without its sentences that read as instructions to a model ("ignore your previous instructions…"): the rest
 * of what was said stays, so a decision said in the same breath is kept. Null when nothing else was said.
 */
function withoutInstructions(l: TranscriptLine): TranscriptLine | null {
  const sentences = l.text.match(/[^.!?]+[.!?]*/g) ?? [l.text];
  const kept = sentences.filter((sentence) => intentOf(sentence) !== "extraction");
  if (kept.length === sentences.length && intentOf(l.text) !== "extraction") return l;
  const text = kept.join("").trim();
  return text && intentOf(text) !== "extraction" ? { ...l, text } : null;
}

function keywordsOf(lines: TranscriptLine[], n: number): string[] {
  const counts = new Map<string, number>();
  for (const l of lines)
    for (const w of l.text.toLowerCase().match(/[a-z][a-z0-9-]{2,}/g) ?? [])
      if (!STOP.has(w)) counts.set(w, (counts.get(w) ?? 0) + 1);
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, n)
    .map(([w]) => w);
}

/** The member a speaker label names: display name or first name, case-insensitively. */
export function memberNamed(members: readonly MemberFocus[], name: string | null): MemberFocus | undefined {
  if (!name) return undefined;
  const n = name.trim().toLowerCase();
  return (
    members.find((m) => m.displayName.toLowerCase() === n) ??
    members.find((m) => m.displayName.toLowerCase().split(/\s+/)[0] === n.split(/\s+/)[0])
  );
}

const WEEKDAYS = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];

/** "by Friday", "by tomorrow", "by 2026-03-10" in a line, read from the session's date; else the default. */
export function dueDateIn(text: string, sessionDate: string, fallback: string): string {
  const iso = /\bby (\d{4}-\d{2}-\d{2})\b/i.exec(text);
  if (iso) return iso[1]!;
  const base = new Date(`${sessionDate}T12:00:00Z`);
  const addDays = (d: number) => new Date(base.getTime() + d * 86_400_000).toISOString().slice(0, 10);
  if (/\bby tomorrow\b/i.test(text)) return addDays(1);
  const day = /\bby (sunday|monday|tuesday|wednesday|thursday|friday|saturday)\b/i.exec(text);
  if (day) {
    const target = WEEKDAYS.indexOf(day[1]!.toLowerCase());
    return addDays((target - base.getUTCDay() + 7) % 7 || 7);
  }
  return fallback;
}

export interface OfflineNotes {
  notes: SessionNotes;
  actionItems: ActionItem[];
  quiz: Quiz | null;
}

/** Notes from a transcript's own lines: a summary, decisions, action items per member, a recall quiz. */
export function offlineNotes(ctx: SessionContext, transcript: string): OfflineNotes {
  const all = transcriptLines(transcript);
  const lines = all.flatMap((l) => withoutInstructions(l) ?? []);
  const sessionDate = ctx.startsAt.slice(0, 10);
  const due =
    ctx.nextSessionDate ?? new Date(new Date(ctx.startsAt).getTime() + 7 * 86_400_000).toISOString().slice(0, 10);
  const speakers = [...new Set(lines.flatMap((l) => (l.speaker ? [l.speaker] : [])))];
  const keywords = keywordsOf(lines, 5);
  const decisions = [...new Set(lines.filter((l) => DECISION.test(l.text)).map((l) => sentenceOf(l.text, 500)))].slice(
    0,
    10,
  );
  // The summary's lines: the ones that use the session's main words most, in the order they were said.
  const scored = lines
    .map((l, i) => ({
      i,
      l,
      score: (l.text.toLowerCase().match(/[a-z][a-z0-9-]{2,}/g) ?? []).filter((w) => keywords.includes(w)).length,
    }))
    .filter((x) => x.score > 0)
    .sort((a, b) => b.score - a.score || a.i - b.i)
    .slice(0, 3)
    .sort((a, b) => a.i - b.i);
  const summary = sentenceOf(
    [
      `Session ${ctx.sessionNumber} of ${ctx.sprintType.name}.`,
      speakers.length ? `${speakers.join(", ")} spoke.` : "",
      keywords.length ? `Main topics: ${keywords.join(", ")}.` : "",
      ...scored.map((x) => `${x.l.speaker ? `${x.l.speaker}: ` : ""}${sentenceOf(x.l.text, 300)}`),
    ]
      .filter(Boolean)
      .join(" "),
    4000,
  );

  const actionItems: ActionItem[] = [];
  for (const l of lines) {
    if (!ACTION.test(l.text)) continue;
    const owner = memberNamed(ctx.members, l.speaker);
    if (!owner) continue;
    actionItems.push({
      id: `t${actionItems.length + 1}`,
      ownerId: owner.userId,
      ownerName: owner.displayName,
      text: sentenceOf(l.text, 500),
      dueDate: dueDateIn(l.text, sessionDate, due),
      done: false,
    });
    if (actionItems.length >= 40) break;
  }
  // Every member leaves with one action item: their weakest topic, else their goal.
  for (const m of ctx.members) {
    if (actionItems.some((a) => a.ownerId === m.userId)) continue;
    const topic = m.weakestTags[0]?.tag;
    actionItems.push({
      id: `t${actionItems.length + 1}`,
      ownerId: m.userId,
      ownerName: m.displayName,
      text: topic
        ? `Practise ${topic} with the tutor before the next session.`
        : `Take one step towards your goal${m.goal ? ` (${m.goal})` : ""} before the next session.`.slice(0, 500),
      dueDate: due,
      done: false,
    });
  }

  const quizItems: Quiz["items"] = [];
  for (const d of decisions.slice(0, 3))
    quizItems.push({ id: `q${quizItems.length + 1}`, question: "What did the pod decide?", answer: d });
  for (const k of keywords) {
    if (quizItems.length >= 5) break;
    const line = lines.find((l) => new RegExp(`\\b${k}\\b`, "i").test(l.text));
    if (!line) continue;
    quizItems.push({
      id: `q${quizItems.length + 1}`,
      question: sentenceOf(`Fill the gap: "${line.text.replace(new RegExp(`\\b${k}\\b`, "gi"), "____")}"`, 500),
      answer: k,
    });
  }
  return {
    notes: { summary, decisions },
    actionItems,
    quiz: quizItems.length
      ? { topic: sentenceOf(keywords.slice(0, 3).join(", ") || ctx.sprintType.name, 200), items: quizItems }
      : null,
  };
}

/** One proof per action item: what to check in with to show it was done, in the sprint's proof method. */
export function proofChecklistFor(actionItems: readonly ActionItem[], proofMethod: string): ProofChecklist {
  return {
    items: actionItems.slice(0, 50).map((a, i) => ({
      id: `p${i + 1}`,
      actionItemId: a.id,
      ownerId: a.ownerId,
      text: sentenceOf(`${a.ownerName}: ${a.text}`, 500),
      proof: sentenceOf(`By ${a.dueDate}: ${proofMethod}`, 300),
    })),
  };
}
