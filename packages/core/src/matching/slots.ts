// Choosing a pod's weekly slots among those everyone can make: the ones kindest to the member with the worst local hour.
import { hasBit, WORDS } from "./bitset.js";
import { CALENDARS } from "./days.js";
import { type CommonSlot, MINUTES_PER_WEEK } from "./model.js";
import type { Pool } from "./pool.js";
import { minuteToHHMM, SLOT_MINUTES, SLOTS_PER_WEEK } from "./week.js";

/**
 * How good a local time of day is for a session, per 15-minute slot: 1 from 08:00 to 22:00, fading at the
 * edges, 0 between midnight and 06:00. Availability says what a learner can do; this says what we should ask.
 */
export function localComfort(minuteOfDay: number): number {
  const h = Math.floor((((minuteOfDay % 1440) + 1440) % 1440) / 60);
  if (h >= 8 && h < 22) return 1;
  if (h === 7 || h === 22) return 0.6;
  if (h === 6 || h === 23) return 0.3;
  return 0;
}

const comfortTables = new WeakMap<Pool, Float32Array[]>();

/**
 * The comfort of a whole session starting at each UTC slot, per timezone of the pool: its worst quarter hour.
 * Computed once per pool and zone, since slot choice asks for it for every member and candidate slot.
 */
function sessionComfort(pool: Pool, member: number, slot: number): number {
  let tables = comfortTables.get(pool);
  if (!tables) {
    tables = [];
    comfortTables.set(pool, tables);
  }
  const zone = pool.zone[member]!;
  let table = tables[zone];
  if (!table) {
    const offsets = pool.zoneOffsets[zone]!;
    const quarter = new Float32Array(SLOTS_PER_WEEK);
    for (let s = 0; s < SLOTS_PER_WEEK; s++) quarter[s] = localComfort(s * SLOT_MINUTES + offsets[s]!);
    table = new Float32Array(SLOTS_PER_WEEK);
    for (let s = 0; s < SLOTS_PER_WEEK; s++) {
      let worst = 1;
      for (let k = 0; k < pool.sessionSlots; k++) worst = Math.min(worst, quarter[(s + k) % SLOTS_PER_WEEK]!);
      table[s] = worst;
    }
    tables[zone] = table;
  }
  return table[slot]!;
}

/** Slots of slack wanted on each side of a session: an hour, what a DST change can shift it by. */
const SLACK_SLOTS = 4;

/**
 * How much of the hour before and the hour after the session the member is also free (0..1, the smaller side):
 * with slack on both sides, the session still fits when a DST change elsewhere moves it by an hour.
 */
function sessionSlack(pool: Pool, member: number, slot: number): number {
  const at = member * WORDS;
  let before = 0;
  while (before < SLACK_SLOTS && hasBit(pool.avail, at, (slot - before - 1 + SLOTS_PER_WEEK) % SLOTS_PER_WEEK))
    before++;
  let after = 0;
  while (after < SLACK_SLOTS && hasBit(pool.avail, at, (slot + pool.sessionSlots + after) % SLOTS_PER_WEEK)) after++;
  return Math.min(before, after) / SLACK_SLOTS;
}

/** The intersection of the members' startable slots (into `mask` when given). */
export function commonStartMask(pool: Pool, members: readonly number[], mask = new Uint32Array(WORDS)): Uint32Array {
  mask.fill(0xffffffff);
  for (const m of members) for (let w = 0; w < WORDS; w++) mask[w]! &= pool.start[m * WORDS + w]!;
  return mask;
}

/**
 * The pod's home timezone: the one most members live in; on a tie, that of the first member in the given
 * order. Its members keep the same local time all year.
 */
export function anchorZone(pool: Pool, members: readonly number[]): number {
  // Pods are small: counting by rescanning beats building a map.
  let best = pool.zone[members[0]!]!;
  let bestCount = 0;
  for (const m of members) {
    const z = pool.zone[m]!;
    let count = 0;
    for (const o of members) if (pool.zone[o] === z) count++;
    if (count > bestCount) {
      best = z;
      bestCount = count;
    }
  }
  return best;
}

/** What the slot choice weighs for one start slot: the worst member's comfort and slack, the total comfort. */
interface SlotValue {
  slot: number;
  worst: number;
  slack: number;
  sum: number;
}

function slotValue(pool: Pool, members: readonly number[], slot: number): SlotValue {
  let worst = 1;
  let slack = 1;
  let sum = 0;
  for (const m of members) {
    const c = sessionComfort(pool, m, slot);
    if (c < worst) worst = c;
    sum += c;
    const k = sessionSlack(pool, m, slot);
    if (k < slack) slack = k;
  }
  return { slot, worst, slack, sum };
}

/** Whether a is better than b: the worst member's comfort, then the worst member's slack, then the total comfort. */
const better = (a: SlotValue, b: SlotValue | undefined): boolean =>
  b === undefined ||
  a.worst > b.worst ||
  (a.worst === b.worst && (a.slack > b.slack || (a.slack === b.slack && a.sum > b.sum)));

/** The slot's place in the week of the anchor zone, in local minutes from Monday 00:00. */
const localMinuteOfWeek = (pool: Pool, zone: number, slot: number): number =>
  (slot * SLOT_MINUTES + pool.zoneOffsets[zone]![slot]! + MINUTES_PER_WEEK) % MINUTES_PER_WEEK;

function commonSlot(pool: Pool, zone: number, slot: number): CommonSlot {
  const local = localMinuteOfWeek(pool, zone, slot);
  return {
    utcMinuteOfWeek: slot * SLOT_MINUTES,
    durationMinutes: pool.sessionSlots * SLOT_MINUTES,
    anchorTimezone: pool.zones[zone]!,
    anchorWeekday: Math.floor(local / 1440) + 1,
    anchorTime: minuteToHHMM(local % 1440),
    referenceWeek: pool.clock.referenceWeek,
  };
}

/**
 * Picks the slot (a set bit of `mask`) maximising, in turn: the worst member's comfort, the worst member's slack,
 * the members' total comfort; then the earliest in the UTC week. Undefined when the mask is empty.
 */
export function chooseSlot(pool: Pool, members: readonly number[], mask: Uint32Array): CommonSlot | undefined {
  let best: SlotValue | undefined;
  for (let w = 0; w < WORDS; w++) {
    let x = mask[w]!;
    while (x !== 0) {
      const low = x & -x;
      x ^= low;
      const v = slotValue(pool, members, w * 32 + 31 - Math.clz32(low));
      if (better(v, best)) best = v;
    }
  }
  if (!best) return undefined;
  return commonSlot(pool, anchorZone(pool, members), best.slot);
}

/** How a set of weekly slots compares with another: see chooseSlots. */
interface WeekValue {
  distinctDays: boolean;
  worst: number;
  restDays: boolean;
  slack: number;
  minGap: number;
  sum: number;
}

const betterWeek = (a: WeekValue, b: WeekValue | undefined): boolean => {
  if (b === undefined) return true;
  if (a.distinctDays !== b.distinctDays) return a.distinctDays;
  if (a.worst !== b.worst) return a.worst > b.worst;
  if (a.restDays !== b.restDays) return a.restDays;
  if (a.slack !== b.slack) return a.slack > b.slack;
  if (a.minGap !== b.minGap) return a.minGap > b.minGap;
  return a.sum > b.sum;
};

const popcount7 = (x: number): number => {
  let n = 0;
  for (let v = x; v !== 0; v &= v - 1) n++;
  return n;
};

/**
 * The pod's `sessions` weekly slots among those every member can start at (a set bit of `mask`), one per day of
 * one of the day calendars (days.ts), ordered by weekday in the home zone. Maximises, in turn: all on different
 * days in the home timezone; the worst member's comfort over every session; a day without a session between any
 * two (Monday, Wednesday, Friday rather than Monday, Tuesday, Wednesday); the worst member's slack; the shortest
 * time between two sessions; the total comfort. Each day offers its best slot by the single-slot rule.
 * Undefined when the mask cannot hold that many sessions on different days.
 */
export function chooseSlots(
  pool: Pool,
  members: readonly number[],
  mask: Uint32Array,
  sessions: number,
): CommonSlot[] | undefined {
  if (sessions === 1) {
    const slot = chooseSlot(pool, members, mask);
    return slot ? [slot] : undefined;
  }
  const zone = anchorZone(pool, members);
  // The best slot of each word: a day of any calendar is three whole words.
  const inWord: (SlotValue | undefined)[] = [];
  for (let w = 0; w < WORDS; w++) {
    let x = mask[w]!;
    let best: SlotValue | undefined;
    while (x !== 0) {
      const low = x & -x;
      x ^= low;
      const v = slotValue(pool, members, w * 32 + 31 - Math.clz32(low));
      if (better(v, best)) best = v;
    }
    inWord.push(best);
  }
  let bestWeek: WeekValue | undefined;
  let bestSlots: SlotValue[] = [];
  for (let c = 0; c < CALENDARS; c++) {
    const perDay: (SlotValue | undefined)[] = [];
    for (let d = 0; d < 7; d++) {
      let best: SlotValue | undefined;
      for (let k = 0; k < 3; k++) {
        const v = inWord[(3 * d + c + k) % WORDS];
        if (v && better(v, best)) best = v;
      }
      perDay.push(best);
    }
    let available = 0;
    for (let d = 0; d < 7; d++) if (perDay[d]) available |= 1 << d;
    for (let set = 0; set < 128; set++) {
      if ((set & available) !== set || popcount7(set) !== sessions) continue;
      const chosen: SlotValue[] = [];
      for (let d = 0; d < 7; d++) if (set & (1 << d)) chosen.push(perDay[d]!);
      const week = weekValue(pool, zone, chosen);
      if (betterWeek(week, bestWeek)) {
        bestWeek = week;
        bestSlots = chosen;
      }
    }
  }
  if (!bestWeek) return undefined;
  return bestSlots
    .map((v) => commonSlot(pool, zone, v.slot))
    .sort((a, b) => a.anchorWeekday - b.anchorWeekday || (a.anchorTime < b.anchorTime ? -1 : 1));
}

function weekValue(pool: Pool, zone: number, chosen: readonly SlotValue[]): WeekValue {
  const local = chosen.map((v) => localMinuteOfWeek(pool, zone, v.slot)).sort((a, b) => a - b);
  const days = local.map((m) => Math.floor(m / 1440));
  let distinctDays = true;
  let restDays = true;
  let minGap = MINUTES_PER_WEEK;
  for (let i = 0; i < local.length; i++) {
    const next = (i + 1) % local.length;
    const gap = (local[next]! - local[i]! + MINUTES_PER_WEEK) % MINUTES_PER_WEEK || MINUTES_PER_WEEK;
    const dayGap = (days[next]! - days[i]! + 7) % 7 || 7;
    if (gap < minGap) minGap = gap;
    if (days[next] === days[i] && local.length > 1) distinctDays = false;
    if (dayGap < 2) restDays = false;
  }
  let worst = 1;
  let slack = 1;
  let sum = 0;
  for (const v of chosen) {
    worst = Math.min(worst, v.worst);
    slack = Math.min(slack, v.slack);
    sum += v.sum;
  }
  return { distinctDays, worst, restDays, slack, minGap, sum };
}
