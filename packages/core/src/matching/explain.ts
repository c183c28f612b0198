// Why a group fits, in words for a learner, with the meeting time shown in the learner's own timezone.
import { badRequest } from "../platform/errors.js";
import { countBits, hasBit, WORDS } from "./bitset.js";
import { STYLE_AFFINITY, timezoneMatch } from "./compatibility.js";
import type { CollaborationStyle, CommonSlot, ExperienceLevel, MatchingSignals } from "./model.js";
import { ExperienceLevel as Levels } from "./model.js";
import { compilePool } from "./pool.js";
import { assertSnapshots } from "./signals.js";
import {
  isKnownTimezone,
  localSessionTime,
  referenceOccurrence,
  SLOT_MINUTES,
  SLOTS_PER_WEEK,
  sessionStarts,
  WEEKDAY_NAMES,
} from "./week.js";

export interface Explanation {
  /** e.g. "You can all meet Tuesdays 18:00–19:00 your time." */
  headline: string;
  reasons: string[];
}

const STYLE_WORDS: Record<CollaborationStyle, string> = {
  structured: "structured sessions with an agenda",
  flexible: "flexible sessions",
  social: "social, talkative sessions",
  quiet: "quiet, focused sessions",
};

const hours = (minutes: number): string => {
  const h = Math.round((minutes / 60) * 2) / 2;
  return `${h} ${h === 1 ? "hour" : "hours"}`;
};

/** The slot as the viewer sees it: the first session at or after `at`, or the reference week's one. */
export function describeSlot(slot: CommonSlot, viewerTimezone: string, at?: Date): string {
  if (!isKnownTimezone(viewerTimezone)) {
    throw badRequest("matching.invalid_timezone", `"${viewerTimezone}" is not a known IANA timezone.`);
  }
  const occurrence =
    (at && sessionStarts(slot, { from: at, to: new Date(at.getTime() + 8 * 86_400_000) })[0]) ??
    referenceOccurrence(slot);
  const t = localSessionTime(occurrence, slot.durationMinutes, viewerTimezone);
  return `${WEEKDAY_NAMES[t.weekday - 1]}s ${t.start}–${t.end}`;
}

/** A pod's weekly slots as the viewer sees them, e.g. "Mondays 18:00–18:30, Wednesdays 18:00–18:30". */
export function describeSlots(slots: readonly CommonSlot[], viewerTimezone: string, at?: Date): string {
  return slots.map((slot) => describeSlot(slot, viewerTimezone, at)).join(", ");
}

/**
 * Explains a group's (or a pair's) compatibility: the common slot in the viewer's timezone, then levels, styles,
 * timezones and shared availability. English for now; the phrases are data a translator can take over.
 */
export function explainCompatibility(input: {
  members: readonly MatchingSignals[];
  slot: CommonSlot;
  /** Every weekly slot of the pod, when it meets more than once a week (`slot` is the first). */
  slots?: readonly CommonSlot[];
  viewerTimezone: string;
  at?: Date;
}): Explanation {
  const { members, slot } = input;
  if (members.length < 2) throw badRequest("matching.invalid_group", "A group needs at least two members.");
  assertSnapshots(members);
  const pair = members.length === 2;
  const all = pair ? "both" : "all";
  const headline = `You can ${all} meet ${describeSlots(input.slots ?? [slot], input.viewerTimezone, input.at)} your time.`;
  const reasons: string[] = [];

  const levels = Levels.options.filter((l) => members.some((m) => m.experienceLevel === l));
  if (levels.length === 1) reasons.push(`You're ${all} ${levels[0]} level.`);
  else if (levels.length === 2 && levels.includes("intermediate" as ExperienceLevel)) {
    reasons.push(`Your levels are close (${levels.join(" and ")}).`);
  } else reasons.push("Your levels range from beginner to advanced: explaining is a great way to learn.");

  const styles = [...new Set(members.map((m) => m.collaborationStyle))];
  if (styles.length === 1) reasons.push(`You ${all} like ${STYLE_WORDS[styles[0]!]}.`);
  else {
    let sum = 0;
    let pairs = 0;
    for (let x = 0; x < members.length; x++)
      for (let y = x + 1; y < members.length; y++) {
        sum += STYLE_AFFINITY[members[x]!.collaborationStyle][members[y]!.collaborationStyle];
        pairs++;
      }
    reasons.push(
      sum / pairs >= 0.6
        ? `Your styles (${styles.join(", ")}) usually mix well.`
        : `Your styles differ (${styles.join(", ")}): agree early on how sessions run.`,
    );
  }

  const pool = compilePool(members, slot.durationMinutes);
  let spread = 0;
  for (let x = 0; x < pool.n; x++)
    for (let y = x + 1; y < pool.n; y++) {
      spread = Math.max(spread, (1 - timezoneMatch(pool.offset[x]!, pool.offset[y]!)) * 720);
    }
  reasons.push(
    spread === 0 ? `Your clocks ${all} show the same time.` : `Your time zones are at most ${hours(spread)} apart.`,
  );

  const shared = new Uint32Array(WORDS).fill(0xffffffff);
  const startable = new Uint32Array(WORDS).fill(0xffffffff);
  for (let i = 0; i < pool.n; i++) {
    for (let w = 0; w < WORDS; w++) {
      shared[w]! &= pool.avail[i * WORDS + w]!;
      startable[w]! &= pool.start[i * WORDS + w]!;
    }
  }
  const sharedMinutes = countBits(shared, 0) * SLOT_MINUTES;
  const chosen = Math.floor(slot.utcMinuteOfWeek / SLOT_MINUTES);
  let backup = false;
  for (let s = 0; s < SLOTS_PER_WEEK && !backup; s++) {
    const apart = Math.min(
      (s - chosen + SLOTS_PER_WEEK) % SLOTS_PER_WEEK,
      (chosen - s + SLOTS_PER_WEEK) % SLOTS_PER_WEEK,
    );
    backup = apart >= pool.sessionSlots && hasBit(startable, 0, s);
  }
  reasons.push(
    `You share ${hours(sharedMinutes)} of availability a week${backup ? ", so a backup slot is easy to find" : ""}.`,
  );
  return { headline, reasons };
}
