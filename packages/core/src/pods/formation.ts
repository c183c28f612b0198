// A formation run: read a sprint type's waitlist, form pods, and store each pod with its invitations in one transaction.
import { type Actor, requireRole } from "../access/index.js";
import { metricOps } from "../analytics/metrics.js";
import { getSprintType, type SprintType, targetOf } from "../catalog/index.js";
import {
  buildSuggestions,
  type FormedPod,
  formPods,
  languageOf,
  type MatchingSignals,
  referenceWeekOf,
} from "../matching/index.js";
import {
  badRequest,
  commitWithEffects,
  epochSeconds,
  type Platform,
  parseInput,
  type TransactOp,
} from "../platform/index.js";
import { offerOpenSeats } from "./lifecycle.js";
import { type FormationRun, FormationRunInput, SUGGESTIONS_PER_USER } from "./model.js";
import { podEmails } from "./notify.js";
import { indexedPod, type MemberItem, Pod, type PodItem, podKey, runKey, type SeatItem, seatKey } from "./records.js";
import { newMember, placeSeatOps } from "./refill.js";
import { recount, reviewSchedule } from "./state.js";
import { forEachLimit, snapshotSeats, storeSuggestions } from "./suggestions.js";
import { nameMembers, summaryOps } from "./summaries.js";
import { isConflict, readWaitlist } from "./waitlist.js";

const RUN_RETENTION_SECONDS = 90 * 86_400;
const POD_WRITERS = 8;

/** The pod sizes of a run: the sprint type's, or narrower ones within them (400 otherwise). */
function podSizeFor(sprintType: SprintType, asked: FormationRunInput["podSize"]): { min: number; max: number } {
  const allowed = { min: sprintType.podSize.min, max: sprintType.podSize.max };
  if (!asked) return allowed;
  if (asked.min < allowed.min || asked.max > allowed.max || asked.min > asked.max) {
    throw badRequest(
      "matching.pod_size_out_of_range",
      `Pods of ${sprintType.name} have ${allowed.min} to ${allowed.max} members.`,
      { allowed, issues: [{ path: "podSize", message: `within ${allowed.min}..${allowed.max}, min ≤ max` }] },
    );
  }
  return asked;
}

/** Sessions a week on different days: at most one a day. */
const MAX_WEEKLY_SLOTS = 7;

/** The size formation prefers: the sprint type's target, brought within a run's narrower sizes. */
function targetSizeFor(sprintType: SprintType, podSize: { min: number; max: number }): number {
  return Math.min(podSize.max, Math.max(podSize.min, targetOf(sprintType)));
}

/**
 * Stores one formed pod: the pod, a membership (an invitation with a deadline, and the member's display name) per
 * member, each member's seat taken off the waitlist, and the pod's summary in each member's partition, all or
 * nothing. Every seat write is conditioned on the waitlist entry that was read, so a
 * learner who left meanwhile, or whom a concurrent run already placed, makes the whole pod fail instead of being
 * placed twice. Returns the pod with its members, or undefined when it lost such a race.
 */
async function storePod(
  p: Platform,
  sprintType: SprintType,
  podSize: { min: number; max: number },
  runId: string,
  formed: FormedPod,
  seats: ReadonlyMap<string, SeatItem>,
  snapshots: ReadonlyMap<string, MatchingSignals>,
): Promise<{ pod: PodItem; members: MemberItem[] } | undefined> {
  const now = p.clock.now();
  const id = p.ids.next();
  const pod: PodItem = {
    ...podKey(id),
    type: "Pod",
    id,
    sprintType: sprintType.id,
    language: languageOf(snapshots.get(formed.members[0]!)!.locale),
    status: "forming",
    slot: formed.slots[0]!,
    slots: formed.slots,
    podSize,
    durationWeeks: sprintType.durationWeeks,
    createdAt: now.toISOString(),
    formationRunId: runId,
    activatedAt: null,
    endsAt: null,
    endedAt: null,
    endReason: null,
    mergedInto: null,
    seated: 0,
    accepted: 0,
    dueAt: null,
  };
  const members = formed.members.map((userId) =>
    newMember(pod, seats.get(userId)!.signals, snapshots.get(userId)!, now, "formation"),
  );
  recount({ pod, members });
  await nameMembers(p, members);
  const ops: TransactOp[] = [
    { put: indexedPod(pod), condition: { absent: true } },
    ...members.map((m): TransactOp => ({ put: m, condition: { absent: true } })),
    ...formed.members.flatMap((userId) => placeSeatOps(seats.get(userId)!, id)),
    ...summaryOps(pod, members, sprintType.name),
  ];
  const effects = [reviewSchedule(pod), ...(await podEmails(p, pod, members, "pod_invited"))];
  try {
    await commitWithEffects(p, ops, effects);
  } catch (e) {
    if (isConflict(e)) return undefined;
    throw e;
  }
  return { pod, members };
}

/** Open pods of a language offered to the waitlist per run, fewest members first. */
const OPEN_PODS_OFFERED = 50;

/**
 * Forms pods from a sprint type's waitlist (admin route and daily job). Each language's waitlist is read with
 * Queries, partitioned by `formPods`, and every pod stored in its own transaction; learners left over stay
 * waitlisted with the reason recorded, and get fresh suggestions. Safe to re-run and to run concurrently.
 */
export async function runFormation(p: Platform, actor: Actor, input: FormationRunInput): Promise<FormationRun> {
  requireRole(actor, "admin", "system");
  const data = parseInput(FormationRunInput, input, "formation request");
  const sprintType = await getSprintType(p, data.sprintType);
  const podSize = podSizeFor(sprintType, data.podSize);
  const now = p.clock.now();
  const run: FormationRun = {
    id: p.ids.next(),
    sprintType: sprintType.id,
    startedAt: now.toISOString(),
    referenceWeek: referenceWeekOf(now),
    waitlisted: 0,
    podsFormed: 0,
    matched: 0,
    stillWaiting: 0,
    conflicts: 0,
    meanScore: 0,
    podIds: [],
    pods: [],
    invitedToOpenPods: 0,
  };
  let scoreSum = 0;

  const languages = [...new Set(sprintType.locales.map(languageOf))];
  // Places free in pods that are still forming or just started go first to waiting learners who fit them.
  for (const language of languages) {
    const open = await p.store.query<PodItem>(
      Pod.query("open", { sprintType: sprintType.id, language }, { limit: OPEN_PODS_OFFERED }),
    );
    for (const pod of open.items) run.invitedToOpenPods += await offerOpenSeats(p, pod.id);
  }
  const waitlists = await Promise.all(languages.map((language) => readWaitlist(p, sprintType.id, language)));
  // Too few in a language is only the reason when the sprint as a whole has enough people waiting.
  const fewInAll = languages.length === 1 || waitlists.reduce((n, l) => n + l.length, 0) < podSize.min;
  for (const [i] of languages.entries()) {
    const seatList = waitlists[i]!;
    const seats = new Map(seatList.map((s) => [s.userId, s]));
    const snapshotList = snapshotSeats(p, seatList, run.referenceWeek);
    const snapshots = new Map(snapshotList.map((s) => [s.userId, s]));
    run.waitlisted += snapshotList.length;
    const result = formPods(snapshotList, {
      minSize: podSize.min,
      maxSize: podSize.max,
      targetSize: targetSizeFor(sprintType, podSize),
      sessionMinutes: sprintType.sessionMinutes,
      sessionsPerWeek: Math.min(sprintType.sessionsPerWeek, MAX_WEEKLY_SLOTS),
      seed: data.seed ?? 1,
    });

    await forEachLimit(result.pods, POD_WRITERS, async (formed) => {
      const stored = await storePod(p, sprintType, podSize, run.id, formed, seats, snapshots);
      if (!stored) {
        run.conflicts++;
        return;
      }
      const { pod, members } = stored;
      run.pods.push({
        id: pod.id,
        language: pod.language,
        members: members.map((m) => ({ userId: m.userId, displayName: m.displayName ?? "Member" })),
      });
      run.podsFormed++;
      run.matched += formed.members.length;
      run.podIds.push(pod.id);
      scoreSum += formed.score.overall * formed.members.length;
    });

    run.stillWaiting += result.waiting.length;
    await forEachLimit(result.waiting, 16, async ({ userId, reason }) => {
      const seat = seats.get(userId)!;
      try {
        await p.store.update(
          seatKey(userId, sprintType.id),
          {
            set: {
              waitReason: reason === "locale_pool_too_small" && fewInAll ? "sprint_pool_too_small" : reason,
              lastRunAt: run.startedAt,
            },
          },
          { equals: { status: "waitlisted", entryId: seat.entryId } },
        );
      } catch (e) {
        if (!isConflict(e)) throw e; // left the waitlist meanwhile
      }
    });
    const waiting = result.waiting.flatMap((w) => {
      const s = snapshots.get(w.userId);
      return s ? [s] : [];
    });
    const lists = buildSuggestions(waiting, { k: SUGGESTIONS_PER_USER, sessionMinutes: sprintType.sessionMinutes });
    await storeSuggestions(p, sprintType.id, lists, snapshots);
  }

  run.podIds.sort();
  run.pods.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  run.meanScore = run.matched > 0 ? Math.round((scoreSum / run.matched) * 1000) / 1000 : 0;
  // The stored run and the log keep counts and pod ids only: members' names stay on their memberships.
  const { pods: _named, ...kept } = run;
  await p.store.transact([
    {
      put: {
        ...runKey(sprintType.id, run.id),
        type: "FormationRun",
        ...kept,
        expiresAt: epochSeconds(now) + RUN_RETENTION_SECONDS,
      },
    },
    // Business metrics: formation success is learners matched over learners waitlisted, counted with the run.
    ...metricOps({ learnersMatched: run.matched, learnersWaitlisted: run.waitlisted }, now),
  ]);
  p.log.info("formation run", { ...kept, podIds: undefined });
  return run;
}
