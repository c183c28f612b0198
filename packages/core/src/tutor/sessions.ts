// Learning sessions: starting one (or resuming the open one), the next item, attempts graded against the version
// presented, the hint ladder enforced one rung at a time, talking to the tutor, complex moments, and the end.
// Every step commits the session and its events in one transaction, conditional on the session's version, so a
// replayed request or a second tab cannot take a step twice.

import { markActive } from "../analytics/metrics.js";
import {
  getPublishedLesson,
  getPublishedQuestion,
  getVersion,
  learnerQuestion,
  listPublishedQuestions,
  nearestLesson,
  type PublishedQuestion,
  type QuestionBody,
} from "../content/index.js";
import type { z } from "../platform/index.js";
import {
  AppError,
  conflict,
  enforceRateLimit,
  isWriteConflict,
  notFound,
  type Platform,
  type TransactOp,
} from "../platform/index.js";
import { traceExpiry } from "../privacy/index.js";
import { screenText } from "../safety/filter.js";
import { flagContent } from "../safety/flags.js";
import { dueQuestionIds, ensureQuestionCard } from "../srs/index.js";
import { gradeAnswer } from "./grading.js";
import { masteryLevel, updateHistory, updateTag } from "./mastery.js";
import {
  type AttemptInput,
  COMPLEX_MOMENT_RULES,
  type ComplexMomentReason,
  type CurrentItem,
  DIAGNOSTIC_ITEMS,
  HINT_LEVELS,
  HINT_WEIGHTS,
  type HintInput,
  type HintLevel,
  type LearningSessionView,
  type LessonRef,
  type MasteryVector,
  type MessageInput,
  type StartLearningSession,
  scoreFor,
  type TutorEvent,
} from "./model.js";
import { DIAGNOSTIC_START, nextDiagnosticItem, nextLevel, nextPracticeItem } from "./path.js";
import {
  AgendaFlag,
  type AgendaFlagItem,
  eventSeq,
  type ItemState,
  LearningSession,
  type LearningSessionItem,
  Mastery,
  type MasteryItem,
  type TutorEventItem,
  TutorEventRecord,
} from "./records.js";
import { tutorReply } from "./replies.js";

type Start = z.infer<typeof StartLearningSession>;
type Attempt = z.infer<typeof AttemptInput>;
type HintAsk = z.infer<typeof HintInput>;
type Message = z.infer<typeof MessageInput>;

/** Talking to the tutor may cost a model call, and a code attempt a sandbox run: both are limited per learner. */
export const TUTOR_RATE_LIMITS = {
  messages: { bucket: "tutor.messages", limit: 40, windowSeconds: 600 },
  attempts: { bucket: "tutor.attempts", limit: 120, windowSeconds: 600 },
} as const;

const sessionKey = (userId: string, sessionId: string) => LearningSession.key("one", { userId, sessionId });
const masteryKey = (userId: string, track: string) => Mastery.key("one", { userId, track });

/** The events of a step, not yet numbered. */
type NewEvent = Omit<TutorEvent, "seq" | "at">;

/** What one step changes: the session after it, its events, and any other writes that go with it. */
interface Step {
  session: LearningSessionItem;
  events: NewEvent[];
  extra?: TransactOp[];
  /** An item scored in this step, moving the learner's mastery. */
  scored?: { q: PublishedQuestion; score: number };
  /** The diagnostic ends in this step: the mastery vector becomes the learner's placement. */
  placed?: boolean;
  /** An item the learner tried was finished: it becomes one of their review cards. */
  carded?: PublishedQuestion;
}

async function loadSession(p: Platform, userId: string, sessionId: string) {
  const items = await p.store.queryAll(LearningSession.query("withEvents", { userId, sessionId }));
  const session = items.find((i) => i.type === "LearningSession") as LearningSessionItem | undefined;
  if (!session) throw notFound("tutor.session_not_found", "This learning session does not exist.");
  const events = items.filter((i) => i.type === "TutorEvent") as TutorEventItem[];
  return { session, events };
}

const activeOrThrow = (s: LearningSessionItem) => {
  if (s.status !== "active") throw conflict("tutor.session_ended", "This learning session has ended; start a new one.");
};

/** Commits a step: the session (if unchanged since it was read) and its events, all or nothing. */
async function commit(p: Platform, before: LearningSessionItem, step: Step): Promise<TutorEventItem[]> {
  const now = p.clock.now();
  const at = now.toISOString();
  const expiresAt = traceExpiry(p, now);
  const events: TutorEventItem[] = step.events.map(({ type: event, ...e }, i) => {
    const seq = before.seq + i + 1;
    return {
      ...TutorEventRecord.key("one", { userId: before.userId, sessionId: before.id, seq: eventSeq(seq) }),
      ...e,
      type: "TutorEvent",
      event,
      sessionId: before.id,
      seq,
      at,
      expiresAt,
    } as TutorEventItem;
  });
  const session: LearningSessionItem = {
    ...step.session,
    seq: before.seq + events.length,
    lastActivityAt: at,
    expiresAt,
    version: (before.version ?? 0) + 1,
  };
  const mastery = step.scored || step.placed ? [await masteryWrite(p, before, step.scored, !!step.placed)] : [];
  try {
    await p.store.transact([
      { put: session, condition: { version: before.version ?? 0 } },
      ...events.map((e) => ({ put: e, condition: { absent: true } })),
      ...(step.extra ?? []),
      ...mastery,
    ]);
  } catch (e) {
    if (isWriteConflict(e))
      throw conflict("tutor.session_changed", "This session moved on in another tab or request; reload it.");
    throw e;
  }
  Object.assign(before, session);
  if (step.carded) {
    // A card is a convenience of its own: a failure here is logged, and the next finish of the item makes it.
    await ensureQuestionCard(p, before.userId, step.carded).catch((e) =>
      p.log.warn("review card not made", { questionId: step.carded?.id, error: e }),
    );
  }
  return events;
}

async function pinnedQuestion(p: Platform, state: ItemState): Promise<PublishedQuestion> {
  const q = await getVersion(p, "question", state.questionId, state.version);
  if (!q) throw new AppError(500, "tutor.version_missing", "The question's version could not be read.");
  return q as PublishedQuestion;
}

async function lessonsFor(p: Platform, q: QuestionBody): Promise<LessonRef[]> {
  const found = await Promise.all(q.lessons.slice(0, 2).map((id) => getPublishedLesson(p, id)));
  return found.flatMap((l) => (l ? [{ id: l.id, title: l.title, summary: l.summary }] : []));
}

const answerText = (q: QuestionBody) =>
  q.kind === "multiple_choice" ? `${q.answer}) ${q.choices.find((c) => c.key === q.answer)?.text ?? ""}` : q.answer;

/** The next level a learner may ask for: only after an attempt at the current one, never past 5. */
export function nextHintLevel(state: ItemState): HintLevel | null {
  if (state.closed || state.hintLevel >= 5 || state.attemptsAtLevel === 0) return null;
  return (state.hintLevel + 1) as HintLevel;
}

const isOpen = (state: ItemState) => state.closed;

function currentView(state: ItemState, q: PublishedQuestion): CurrentItem {
  const open = isOpen(state);
  return {
    question: learnerQuestion(q),
    hintLevel: state.hintLevel,
    nextHintLevel: nextHintLevel(state),
    attempts: state.attempts,
    solved: state.solved,
    explanation: open ? q.explanation : null,
    answer: open ? answerText(q) : null,
  };
}

async function masteryVector(p: Platform, userId: string, track: string): Promise<MasteryVector> {
  const m = await p.store.get<MasteryItem>(masteryKey(userId, track));
  return masteryOf(track, m);
}

function masteryOf(track: string, m: MasteryItem | undefined): MasteryVector {
  return {
    track,
    tags: Object.entries(m?.tags ?? {})
      .map(([tag, t]) => ({
        tag,
        mastery: t.mastery,
        level: masteryLevel(t.mastery),
        attempts: t.attempts,
        correct: t.correct,
      }))
      .sort((a, b) => (a.tag < b.tag ? -1 : 1)),
    placedAt: m?.placedAt ?? null,
    updatedAt: m?.updatedAt ?? null,
  };
}

const publicEvent = ({ seq, event, at, ...rest }: TutorEventItem): TutorEvent => {
  const out: Record<string, unknown> = { seq, type: event, at };
  for (const k of [
    "questionId",
    "submissionId",
    "questionVersion",
    "answer",
    "correct",
    "score",
    "feedback",
    "level",
    "text",
    "from",
    "reason",
    "lesson",
    "podNudge",
  ] as const)
    if (rest[k] !== undefined) out[k] = rest[k];
  return out as TutorEvent;
};

async function view(p: Platform, s: LearningSessionItem, events: TutorEventItem[]): Promise<LearningSessionView> {
  const q = s.current ? await pinnedQuestion(p, s.current) : undefined;
  return {
    id: s.id,
    mode: s.mode,
    track: s.track,
    status: s.status,
    startedAt: s.startedAt,
    endedAt: s.endedAt,
    itemsDone: s.done.length,
    itemsPlanned: s.mode === "diagnostic" ? DIAGNOSTIC_ITEMS : null,
    score: Math.round(s.done.reduce((sum, d) => sum + d.score, 0) * 100) / 100,
    current: s.current && q ? currentView(s.current, q) : null,
    events: events.sort((a, b) => a.seq - b.seq).map(publicEvent),
    hintLevels: HINT_LEVELS.map((h) => ({ level: h.level, name: h.name })),
    hintWeights: [...HINT_WEIGHTS],
    mastery: s.mode === "diagnostic" && s.status === "ended" ? await masteryVector(p, s.userId, s.track) : null,
  };
}

export async function getLearningSession(p: Platform, userId: string, sessionId: string) {
  const { session, events } = await loadSession(p, userId, sessionId);
  return view(p, session, events);
}

/** A learner's sessions, newest first (the open one to resume is among the first). */
export async function listLearningSessions(p: Platform, userId: string, limit = 20) {
  const page = await p.store.query<LearningSessionItem>({
    ...LearningSession.query("ofLearner", { userId }),
    limit,
  });
  return page.items.map((s) => ({
    id: s.id,
    mode: s.mode,
    track: s.track,
    status: s.status,
    startedAt: s.startedAt,
    endedAt: s.endedAt,
    itemsDone: s.done.length,
    score: Math.round(s.done.reduce((sum, d) => sum + d.score, 0) * 100) / 100,
  }));
}

/**
 * Starts a session, or resumes the open one of the same mode and track (a reload or a second tab lands on the
 * same session instead of a new one).
 */
export async function startLearningSession(
  p: Platform,
  userId: string,
  input: Start,
): Promise<{ session: LearningSessionView; resumed: boolean }> {
  const open = (await listLearningSessions(p, userId, 10)).find(
    (s) => s.status === "active" && s.mode === input.mode && s.track === input.track,
  );
  if (open) return { session: await getLearningSession(p, userId, open.id), resumed: true };
  const questions = await listPublishedQuestions(p, input.track);
  if (questions.length === 0)
    throw notFound("tutor.track_empty", `The track "${input.track}" has no published questions yet.`);
  const now = p.clock.now().toISOString();
  const id = p.ids.next();
  const session: LearningSessionItem = {
    ...sessionKey(userId, id),
    type: "LearningSession",
    gsi1pk: `LEARNING#${userId}`,
    gsi1sk: `${now}#${id}`,
    id,
    userId,
    mode: input.mode,
    track: input.track,
    status: "active",
    startedAt: now,
    endedAt: null,
    lastActivityAt: now,
    seq: 0,
    current: null,
    done: [],
    levels: {},
    expiresAt: traceExpiry(p),
  };
  await p.store.put(session, { absent: true });
  await markActive(p, userId); // business metrics: an active learner today
  const stored = await p.store.get<LearningSessionItem>(sessionKey(userId, id), { consistent: true });
  return { session: await view(p, stored!, []), resumed: false };
}

/** Finishes the item in front of the learner (solved, explained or skipped) into the session's record. */
function finishCurrent(s: LearningSessionItem, q: PublishedQuestion, correct: boolean, score: number): void {
  const state = s.current!;
  s.done = [
    ...s.done,
    {
      questionId: q.id,
      version: state.version,
      tags: q.tags,
      difficulty: q.difficulty,
      correct,
      score,
      hintLevel: state.hintLevel,
    },
  ];
  if (s.mode === "diagnostic")
    for (const t of q.tags) s.levels = { ...s.levels, [t]: nextLevel(s.levels[t] ?? DIAGNOSTIC_START, correct) };
  s.current = null;
}

/** The write that moves the learner's mastery and item history by one item's score. */
async function masteryWrite(
  p: Platform,
  s: LearningSessionItem,
  scored: Step["scored"],
  placed: boolean,
): Promise<TransactOp> {
  const now = p.clock.now();
  const current = await p.store.get<MasteryItem>(masteryKey(s.userId, s.track), { consistent: true });
  const tags = { ...(current?.tags ?? {}) };
  const items = { ...(current?.items ?? {}) };
  if (scored) {
    const { q, score } = scored;
    for (const t of q.tags) tags[t] = updateTag(tags[t], score, q.difficulty);
    items[q.id] = updateHistory(current?.items[q.id], score, now);
  }
  const next: MasteryItem = {
    ...masteryKey(s.userId, s.track),
    type: "Mastery",
    userId: s.userId,
    track: s.track,
    tags,
    items,
    placedAt: current?.placedAt ?? (placed ? now.toISOString() : null),
    updatedAt: now.toISOString(),
    version: (current?.version ?? 0) + 1,
  };
  return { put: next, condition: current ? { version: current.version ?? 0 } : { absent: true } };
}

/** The item in front of the learner: the unfinished one again (so a reload skips nothing), else the next. */
export async function nextItem(
  p: Platform,
  userId: string,
  sessionId: string,
  opts: { skip?: boolean } = {},
): Promise<LearningSessionView> {
  const { session, events } = await loadSession(p, userId, sessionId);
  activeOrThrow(session);
  const step: Step = { session: { ...session }, events: [], extra: [] };
  if (session.current && !isOpen(session.current) && !opts.skip) {
    const moments = await idleMoment(p, step);
    if (moments) return view(p, session, [...events, ...(await commit(p, session, step))]);
    return view(p, session, events);
  }
  if (session.current) {
    const q = await pinnedQuestion(p, session.current);
    const score = session.current.solved ? scoreFor(true, session.current.hintLevel) : 0;
    if (!session.current.scored && session.current.attempts + session.current.hintLevel > 0) step.scored = { q, score };
    if (session.current.attempts > 0) step.carded = q;
    finishCurrent(step.session, q, session.current.solved, score);
  }
  const questions = await listPublishedQuestions(p, session.track);
  const diagnosticDone = session.mode === "diagnostic" && step.session.done.length >= DIAGNOSTIC_ITEMS;
  const choice = diagnosticDone
    ? undefined
    : session.mode === "diagnostic"
      ? nextDiagnosticItem(step.session, questions)
      : nextPracticeItem(
          step.session,
          questions,
          await p.store.get<MasteryItem>(masteryKey(userId, session.track), { consistent: true }),
          await dueQuestionIds(p, userId, session.track),
        );
  if (!choice) {
    step.placed = session.mode === "diagnostic";
    endInto(p, step, session.mode === "diagnostic" ? "The diagnostic is complete." : "You have done every item.");
  } else {
    const now = p.clock.now().toISOString();
    step.session.current = {
      questionId: choice.question.id,
      version: choice.question.version,
      presentedAt: now,
      hintLevel: 0,
      attemptsAtLevel: 0,
      attempts: 0,
      wrong: 0,
      solved: false,
      closed: false,
      scored: false,
      hintTimes: [],
      moments: [],
      lastActivityAt: now,
    };
    step.events.push({ type: "presented", questionId: choice.question.id, questionVersion: choice.question.version });
  }
  const written = await commit(p, session, step);
  return view(p, session, [...events, ...written]);
}

function endInto(p: Platform, step: Step, text: string) {
  step.session.status = "ended";
  step.session.endedAt = p.clock.now().toISOString();
  step.session.current = null;
  step.events.push({ type: "ended", text });
}

function currentOrThrow(s: LearningSessionItem, questionId: string): ItemState {
  activeOrThrow(s);
  if (!s.current || s.current.questionId !== questionId)
    throw conflict("tutor.not_current_item", "This is not the item in front of you; reload the session.");
  return s.current;
}

/**
 * The lesson nearest to what the learner is stuck on: the item's topic and what they said, searched over the track's
 * lessons; the item's own lesson when nothing matches.
 */
async function lessonForMoment(p: Platform, q: QuestionBody, said?: string): Promise<LessonRef | undefined> {
  const hit = await nearestLesson(p, q.track, `${q.title} ${q.tags.join(" ")} ${said ?? ""}`.slice(0, 200)).catch(
    () => undefined,
  );
  if (hit) return { id: hit.id, title: hit.title, summary: hit.snippet };
  return (await lessonsFor(p, q))[0];
}

const POD_NUDGE = "Stuck together beats stuck alone: post this one in your pod's chat or bring it to the next session.";

/** Raises a complex moment once per item and reason: an event, a micro-lesson, a pod nudge, a flag for the coach. */
async function raiseMoment(p: Platform, step: Step, q: QuestionBody, reason: ComplexMomentReason, said?: string) {
  const state = step.session.current!;
  if (state.moments.includes(reason)) return;
  state.moments = [...state.moments, reason];
  const lesson = await lessonForMoment(p, q, said);
  step.events.push({
    type: "complex_moment",
    questionId: q.id,
    reason,
    ...(lesson ? { lesson } : {}),
    podNudge: POD_NUDGE,
  });
  const at = p.clock.now().toISOString();
  const flag: AgendaFlagItem = {
    ...AgendaFlag.key("one", { userId: step.session.userId, at, questionId: q.id, reason }),
    type: "AgendaFlag",
    userId: step.session.userId,
    track: step.session.track,
    questionId: q.id,
    questionTitle: q.title,
    tags: q.tags,
    reason,
    at,
    expiresAt: traceExpiry(p),
  };
  step.extra = [...(step.extra ?? []), { put: flag }];
}

/** A learner back after a long pause mid-item gets the same help as one who is visibly stuck. */
async function idleMoment(p: Platform, step: Step): Promise<boolean> {
  const state = step.session.current;
  if (!state || isOpen(state)) return false;
  const idleMs = p.clock.now().getTime() - new Date(state.lastActivityAt).getTime();
  if (idleMs < COMPLEX_MOMENT_RULES.idleMinutes * 60_000 || state.moments.includes("idle")) return false;
  step.session.current = { ...state };
  await raiseMoment(p, step, await pinnedQuestion(p, state), "idle");
  step.session.current!.lastActivityAt = p.clock.now().toISOString();
  return true;
}

export async function submitAttempt(p: Platform, userId: string, sessionId: string, input: Attempt) {
  const { session, events } = await loadSession(p, userId, sessionId);
  await enforceRateLimit(p, TUTOR_RATE_LIMITS.attempts, userId);
  const state0 = currentOrThrow(session, input.questionId);
  if (isOpen(state0)) throw conflict("tutor.item_closed", "This item is finished; ask for the next one.");
  const q = await pinnedQuestion(p, state0);
  // A written answer is the learner's prose; code is not (identifiers would trip the filter) and is not screened.
  const { flagged } = q.kind === "code" ? { flagged: [] } : screenText(p, { "tutor.answer": input.answer });
  const grade =
    q.kind === "code" ? await (await import("./code.js")).gradeCode(p, q, input.answer) : gradeAnswer(q, input.answer);
  const { score, written } = await applyAttempt(p, session, q, grade, input.answer);
  for (const f of flagged) await flagContent(p, { ...f, ref: sessionId, userId });
  const v = await view(p, session, [...events, ...written]);
  return {
    correct: grade.correct,
    score,
    feedback: grade.feedback,
    details: "details" in grade ? grade.details : undefined,
    session: v,
  };
}

/** One attempt at the current item: its event, the ladder unlocked a rung, the score, any complex moment. */
async function applyAttempt(
  p: Platform,
  session: LearningSessionItem,
  q: PublishedQuestion,
  grade: { correct: boolean; feedback: string },
  answer: string,
  submissionId?: string,
) {
  const step: Step = { session: { ...session, current: { ...session.current! } }, events: [], extra: [] };
  await idleMoment(p, step);
  const state = step.session.current!;
  state.attempts += 1;
  state.attemptsAtLevel += 1;
  state.lastActivityAt = p.clock.now().toISOString();
  if (submissionId) state.submissions = [...(state.submissions ?? []), submissionId];
  const score = scoreFor(grade.correct, state.hintLevel);
  step.events.push({
    type: "attempt",
    questionId: q.id,
    questionVersion: state.version,
    answer: answer.slice(0, 4_000),
    correct: grade.correct,
    score,
    feedback: grade.feedback,
    ...(submissionId ? { submissionId } : {}),
  });
  if (grade.correct) {
    state.solved = true;
    state.closed = true;
    state.scored = true;
    step.scored = { q, score };
  } else if (session.mode === "diagnostic") {
    state.closed = true;
    state.scored = true;
    step.scored = { q, score: 0 };
  } else {
    state.wrong += 1;
    if (state.wrong >= COMPLEX_MOMENT_RULES.wrongAttempts) await raiseMoment(p, step, q, "repeated_wrong");
  }
  const written = await commit(p, session, step);
  await markActive(p, session.userId); // business metrics: an active learner today
  return { score, written };
}

/** The version of the item a submission for this session is scored against (its current item, still open). */
export async function currentVersionOf(p: Platform, userId: string, sessionId: string, questionId: string) {
  const { session } = await loadSession(p, userId, sessionId);
  const state = currentOrThrow(session, questionId);
  if (isOpen(state)) throw conflict("tutor.item_closed", "This item is finished; ask for the next one.");
  return state.version;
}

/** The hint a learner may ask for next on an item, if it is still in front of them. */
export async function hintLevelAfter(p: Platform, userId: string, sessionId: string, questionId: string) {
  const { session } = await loadSession(p, userId, sessionId);
  return session.current?.questionId === questionId ? nextHintLevel(session.current) : null;
}

/**
 * A scored submission reaching its learning session: an attempt at the item, once. It is dropped when the learner
 * has moved on (another item, the item finished, the session ended) — the submission keeps its own result.
 */
export async function recordSubmissionAttempt(
  p: Platform,
  userId: string,
  sessionId: string,
  r: { submissionId: string; questionId: string; version: number; correct: boolean; feedback: string; code: string },
): Promise<boolean> {
  for (let tries = 0; tries < 3; tries++) {
    const { session } = await loadSession(p, userId, sessionId);
    const state = session.current;
    if (
      session.status !== "active" ||
      !state ||
      state.questionId !== r.questionId ||
      state.version !== r.version ||
      isOpen(state) ||
      state.submissions?.includes(r.submissionId)
    )
      return false;
    try {
      await applyAttempt(p, session, await pinnedQuestion(p, state), r, r.code, r.submissionId);
      return true;
    } catch (e) {
      if (!(e instanceof AppError && e.code === "tutor.session_changed")) throw e;
    }
  }
  return false;
}

/**
 * The next rung of the ladder. Asking again for a level already shown returns it again and changes nothing (a
 * replayed request is harmless); asking past the next unlocked level is refused.
 */
export async function requestHint(p: Platform, userId: string, sessionId: string, input: HintAsk) {
  const { session, events } = await loadSession(p, userId, sessionId);
  const state0 = currentOrThrow(session, input.questionId);
  const q = await pinnedQuestion(p, state0);
  const wanted = input.level ?? nextHintLevel(state0) ?? state0.hintLevel + 1;
  if (wanted >= 1 && wanted <= state0.hintLevel) {
    return { level: wanted, text: hintText(q, wanted as HintLevel), session: await view(p, session, events) };
  }
  const allowed = nextHintLevel(state0);
  if (state0.closed) throw conflict("tutor.item_closed", "This item is finished; its explanation is shown.");
  if (allowed === null || wanted !== allowed) {
    const why =
      state0.hintLevel >= 5
        ? "Every hint is shown already."
        : state0.attemptsAtLevel === 0
          ? `Try an answer first: each hint unlocks after an attempt at the level before.`
          : `Hints come one level at a time; the next one is level ${state0.hintLevel + 1}.`;
    throw conflict("tutor.hint_locked", why, { hintLevel: state0.hintLevel, nextHintLevel: allowed });
  }
  const step: Step = { session: { ...session, current: { ...state0 } }, events: [], extra: [] };
  await idleMoment(p, step);
  const state = step.session.current!;
  const now = p.clock.now();
  state.hintLevel = allowed;
  state.attemptsAtLevel = 0;
  state.lastActivityAt = now.toISOString();
  state.hintTimes = [...state.hintTimes, now.toISOString()].slice(-COMPLEX_MOMENT_RULES.hintBurst.count);
  const text = hintText(q, allowed);
  step.events.push({ type: "hint", questionId: q.id, questionVersion: state.version, level: allowed, text });
  const burst = COMPLEX_MOMENT_RULES.hintBurst;
  if (
    state.hintTimes.length >= burst.count &&
    now.getTime() - new Date(state.hintTimes[0]!).getTime() <= burst.withinSeconds * 1000
  )
    await raiseMoment(p, step, q, "hint_burst");
  if (allowed === 5) {
    state.closed = true;
    state.scored = true;
    step.scored = { q, score: 0 };
  }
  const written = await commit(p, session, step);
  return { level: allowed, text, session: await view(p, session, [...events, ...written]) };
}

function hintText(q: QuestionBody, level: HintLevel): string {
  if (level === 5) return `${q.explanation}\n\nAnswer: ${answerText(q)}`;
  return q.hints[level - 1]!;
}

export async function sendMessage(p: Platform, userId: string, sessionId: string, input: Message) {
  const { flagged } = screenText(p, { "tutor.message": input.text });
  const { session, events } = await loadSession(p, userId, sessionId);
  activeOrThrow(session);
  await enforceRateLimit(p, TUTOR_RATE_LIMITS.messages, userId);
  if (!session.current)
    throw conflict("tutor.no_item", "Ask for an item first; the tutor talks about the item in front of you.");
  const state0 = session.current;
  const q = await pinnedQuestion(p, state0);
  const history = events
    .filter((e) => e.event === "message" && e.questionId === q.id && e.text)
    .map((e) => ({ from: e.from ?? "learner", text: e.text! }));
  const lessons = await lessonsFor(p, q);
  const reply = await tutorReply(p, {
    question: q,
    hintLevel: state0.hintLevel,
    open: isOpen(state0),
    lessons,
    history,
    message: input.text,
  });
  const step: Step = { session: { ...session, current: { ...state0 } }, events: [], extra: [] };
  await idleMoment(p, step);
  step.session.current!.lastActivityAt = p.clock.now().toISOString();
  step.events.push({ type: "message", from: "learner", questionId: q.id, text: input.text });
  step.events.push({ type: "message", from: "tutor", questionId: q.id, text: reply.text });
  if (reply.frustrated) await raiseMoment(p, step, q, "frustration", input.text);
  const written = await commit(p, session, step);
  for (const f of flagged) await flagContent(p, { ...f, ref: sessionId, userId });
  return { reply: reply.text, source: reply.source, session: await view(p, session, [...events, ...written]) };
}

export async function endLearningSession(p: Platform, userId: string, sessionId: string) {
  const { session, events } = await loadSession(p, userId, sessionId);
  if (session.status === "ended") return view(p, session, events);
  const step: Step = { session: { ...session }, events: [], extra: [] };
  if (session.current) {
    const q = await pinnedQuestion(p, session.current);
    const { solved, scored, attempts, hintLevel } = session.current;
    // An item looked at but never tried leaves no mark; one tried and left counts as missed.
    if (!scored && attempts > 0) step.scored = { q, score: 0 };
    if (attempts > 0) step.carded = q;
    if (solved || attempts > 0 || hintLevel > 0)
      finishCurrent(step.session, q, solved, solved ? scoreFor(true, hintLevel) : 0);
  }
  step.placed = session.mode === "diagnostic" && step.session.done.length > 0;
  endInto(p, step, "Session ended.");
  const written = await commit(p, session, step);
  return view(p, session, [...events, ...written]);
}

export { masteryVector };

/** The learner's mastery in every track they have worked in. */
export async function masteryVectors(p: Platform, userId: string): Promise<MasteryVector[]> {
  const items = await p.store.queryAll<MasteryItem>(Mastery.query("ofLearner", { userId }));
  return items.map((m) => masteryOf(m.track, m));
}

/**
 * A review moves mastery like an attempt does: the card's question's tags, by the grade's score, at the question's
 * difficulty. Called for the `srs.reviewed` event, after the grade committed (maybe twice: a repeat adds one more
 * step, which a retried delivery rarely causes and the next reviews correct).
 */
export async function recordReview(
  p: Platform,
  r: { userId: string; questionId: string; track: string; score: number },
): Promise<void> {
  const q = await getPublishedQuestion(p, r.questionId);
  if (!q) return;
  for (let tries = 0; tries < 3; tries++) {
    const key = masteryKey(r.userId, r.track);
    const current = await p.store.get<MasteryItem>(key, { consistent: true });
    const tags = { ...(current?.tags ?? {}) };
    for (const t of q.tags) tags[t] = updateTag(tags[t], r.score, q.difficulty);
    const next: MasteryItem = {
      ...key,
      type: "Mastery",
      userId: r.userId,
      track: r.track,
      tags,
      items: current?.items ?? {},
      placedAt: current?.placedAt ?? null,
      updatedAt: p.clock.now().toISOString(),
    };
    try {
      await p.store.put(next, current ? { version: current.version ?? 0 } : { absent: true });
      return;
    } catch (e) {
      if (!isWriteConflict(e)) throw e;
    }
  }
}
