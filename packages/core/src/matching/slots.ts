// Choosing a pod's weekly slot among those everyone can make: the one kindest to the member with the worst local hour.
import { hasBit, WORDS } from "./bitset.js";
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

/**
 * Picks the slot (a set bit of `mask`) maximising, in turn: the worst member's comfort, the worst member's slack,
 * the members' total comfort; then the earliest in the UTC week. Undefined when the mask is empty.
 */
export function chooseSlot(pool: Pool, members: readonly number[], mask: Uint32Array): CommonSlot | undefined {
  let best = -1;
  let bestWorst = -1;
  let bestSlack = -1;
  let bestSum = -1;
  for (let w = 0; w < WORDS; w++) {
    let x = mask[w]!;
    while (x !== 0) {
      const low = x & -x;
      x ^= low;
      const slot = w * 32 + 31 - Math.clz32(low);
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
      if (worst > bestWorst || (worst === bestWorst && (slack > bestSlack || (slack === bestSlack && sum > bestSum)))) {
        best = slot;
        bestWorst = worst;
        bestSlack = slack;
        bestSum = sum;
      }
    }
  }
  if (best < 0) return undefined;
  const zone = anchorZone(pool, members);
  const localOfWeek = (best * SLOT_MINUTES + pool.zoneOffsets[zone]![best]! + MINUTES_PER_WEEK) % MINUTES_PER_WEEK;
  return {
    utcMinuteOfWeek: best * SLOT_MINUTES,
    durationMinutes: pool.sessionSlots * SLOT_MINUTES,
    anchorTimezone: pool.zones[zone]!,
    anchorWeekday: Math.floor(localOfWeek / 1440) + 1,
    anchorTime: minuteToHHMM(localOfWeek % 1440),
    referenceWeek: pool.clock.referenceWeek,
  };
}
