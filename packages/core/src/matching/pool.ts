// A waitlist compiled into flat typed arrays (bitsets, levels, offsets) so pair scores cost a few dozen operations.
import { countBits, intervalsToBits, occupancyOf, startableBits, WORDS } from "./bitset.js";
import { CollaborationStyle, ExperienceLevel, type MatchingSignals } from "./model.js";
import { languageOf } from "./signals.js";
import { SLOT_MINUTES, WeekClock } from "./week.js";

export interface Pool {
  readonly n: number;
  readonly signals: readonly MatchingSignals[];
  readonly clock: WeekClock;
  /** Session length in 15-minute slots. */
  readonly sessionSlots: number;
  /** Sessions a week: a pod needs this many common startable slots on different days (see days.ts). */
  readonly sessions: number;
  /** Availability bitsets, WORDS words per learner. */
  readonly avail: Uint32Array;
  /** Slots where a whole session fits in the learner's availability. */
  readonly start: Uint32Array;
  readonly availCount: Uint16Array;
  readonly startCount: Uint16Array;
  /** Which words of `avail` / `start` are non-zero (bit w for word w). */
  readonly availOcc: Int32Array;
  readonly startOcc: Int32Array;
  /** UTC offset in the middle of the reference week, minutes. */
  readonly offset: Int16Array;
  readonly level: Uint8Array;
  readonly style: Uint8Array;
  /** Index into `languages`: pods form within one language. */
  readonly language: Int32Array;
  readonly languages: readonly string[];
  /** Index into `zones` / `zoneOffsets`. */
  readonly zone: Int32Array;
  readonly zones: readonly string[];
  readonly zoneOffsets: readonly Int16Array[];
  /** Epoch ms of `prioritySince`, or +Infinity for learners without priority. */
  readonly priority: Float64Array;
}

const LEVEL_INDEX = new Map(ExperienceLevel.options.map((l, i) => [l, i]));
const STYLE_INDEX = new Map(CollaborationStyle.options.map((s, i) => [s, i]));

/** Compiles snapshots (already checked) for one session length. */
export function compilePool(signals: readonly MatchingSignals[], sessionMinutes: number, sessions = 1): Pool {
  const n = signals.length;
  const clock = new WeekClock(signals[0]?.referenceWeek ?? "2024-01-01");
  const sessionSlots = Math.ceil(sessionMinutes / SLOT_MINUTES);
  const avail = new Uint32Array(n * WORDS);
  const start = new Uint32Array(n * WORDS);
  const availCount = new Uint16Array(n);
  const startCount = new Uint16Array(n);
  const availOcc = new Int32Array(n);
  const startOcc = new Int32Array(n);
  const offset = new Int16Array(n);
  const level = new Uint8Array(n);
  const style = new Uint8Array(n);
  const language = new Int32Array(n);
  const zone = new Int32Array(n);
  const priority = new Float64Array(n);
  const languageIds = new Map<string, number>();
  const zoneIds = new Map<string, number>();
  const zoneOffsets: Int16Array[] = [];
  const zoneMidweek: number[] = [];

  for (let i = 0; i < n; i++) {
    const s = signals[i]!;
    intervalsToBits(s.availability, avail, i * WORDS);
    startableBits(avail, i * WORDS, sessionSlots, start, i * WORDS);
    availCount[i] = countBits(avail, i * WORDS);
    startCount[i] = countBits(start, i * WORDS);
    availOcc[i] = occupancyOf(avail, i * WORDS);
    startOcc[i] = occupancyOf(start, i * WORDS);
    level[i] = LEVEL_INDEX.get(s.experienceLevel)!;
    style[i] = STYLE_INDEX.get(s.collaborationStyle)!;
    const lang = languageOf(s.locale);
    let li = languageIds.get(lang);
    if (li === undefined) {
      li = languageIds.size;
      languageIds.set(lang, li);
    }
    language[i] = li;
    let zi = zoneIds.get(s.timezone);
    if (zi === undefined) {
      zi = zoneIds.size;
      zoneIds.set(s.timezone, zi);
      zoneOffsets.push(clock.offsets(s.timezone));
      zoneMidweek.push(clock.midweekOffset(s.timezone));
    }
    zone[i] = zi;
    offset[i] = zoneMidweek[zi]!;
    priority[i] = s.prioritySince === null ? Number.POSITIVE_INFINITY : Date.parse(s.prioritySince);
  }

  return {
    n,
    signals,
    clock,
    sessionSlots,
    sessions,
    avail,
    start,
    availCount,
    startCount,
    availOcc,
    startOcc,
    offset,
    level,
    style,
    language,
    languages: [...languageIds.keys()],
    zone,
    zones: [...zoneIds.keys()],
    zoneOffsets,
    priority,
  };
}
