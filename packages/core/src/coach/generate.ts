// Turns a session context (and a transcript) into CoachDoc sections: with a model when one is configured, else, or
// when the model fails after its retries, with the offline coach, saying so in the document.
import { isAppError, type Platform, structuredChat } from "../platform/index.js";
import type { ActionItem, AgendaItem, CoachGenerator, Quiz, SessionContext, SessionNotes } from "./model.js";
import {
  memberNamed,
  OFFLINE_PROMPT_VERSION,
  offlineAgenda,
  offlineNotes,
  proofChecklistFor,
  splitMinutes,
} from "./offline.js";
import {
  AGENDA_PROMPT_VERSION,
  agendaMessages,
  leaksInstructions,
  ModelAgenda,
  ModelNotes,
  NOTES_PROMPT_VERSION,
  notesMessages,
} from "./prompts.js";

export interface Generated<T> {
  value: T;
  generator: Exclude<CoachGenerator, "member">;
  fallbackReason: string | null;
  promptVersion: string;
  model: string | null;
  totalTokens: number | null;
  modelCalls: number;
}

/** How the model is called; the worker passes shorter waits in tests. */
export interface ModelOptions {
  attempts?: number;
  backoffMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Each call's timeout: three attempts and their backoff fit the coach worker's 60 s (stacks/queues.ts), after which
 * the offline coach still has time to answer.
 */
const callTimeout = (p: Platform) => p.config.llm?.timeoutMs ?? 15_000;

const rejectLeaks = (v: unknown) => (leaksInstructions(v) ? "the reply repeats its instructions" : null);

async function withModel<T>(
  p: Platform,
  offline: () => T,
  online: () => Promise<{ value: T; calls: number; totalTokens: number | null }>,
  promptVersion: string,
): Promise<Generated<T>> {
  const base = { totalTokens: null, modelCalls: 0 };
  if (!p.llm)
    return {
      ...base,
      value: offline(),
      generator: "offline",
      fallbackReason: null,
      promptVersion: OFFLINE_PROMPT_VERSION,
      model: null,
    };
  try {
    const r = await online();
    return {
      value: r.value,
      generator: "llm",
      fallbackReason: null,
      promptVersion,
      model: p.config.llm?.model ?? null,
      totalTokens: r.totalTokens,
      modelCalls: r.calls,
    };
  } catch (e) {
    const reason = isAppError(e) ? e.code : "llm.failed";
    p.log.warn("coach model failed; the offline coach answers", { reason, error: (e as Error).message });
    return {
      ...base,
      value: offline(),
      generator: "offline",
      fallbackReason: reason,
      promptVersion: OFFLINE_PROMPT_VERSION,
      model: null,
    };
  }
}

/** A model agenda made to fit: known members only, minutes rescaled to the time allocation. */
function agendaFromModel(ctx: SessionContext, m: ModelAgenda): AgendaItem[] {
  const items = m.agenda.slice(0, 12);
  const minutes = splitMinutes(
    ctx.timeAllocation,
    items.map((i) => i.minutes),
  );
  return items.map((i, n) => ({
    id: `a${n + 1}`,
    title: i.title,
    minutes: minutes[n]!,
    kind: i.kind,
    detail: i.detail,
    memberIds: [...new Set(i.members.flatMap((name) => memberNamed(ctx.members, name)?.userId ?? []))],
  }));
}

export function generateAgenda(p: Platform, ctx: SessionContext, o: ModelOptions = {}) {
  return withModel(
    p,
    () => offlineAgenda(ctx),
    async () => {
      const r = await structuredChat(p, {
        schema: ModelAgenda,
        messages: agendaMessages(ctx),
        reject: rejectLeaks,
        options: { maxTokens: 1200, temperature: 0.3, feature: "coach", timeoutMs: callTimeout(p) },
        ...o,
      });
      return { ...r, value: agendaFromModel(ctx, r.value) };
    },
    AGENDA_PROMPT_VERSION,
  );
}

export interface NotesSections {
  notes: SessionNotes;
  actionItems: ActionItem[];
  quiz: Quiz | null;
}

function notesFromModel(ctx: SessionContext, m: ModelNotes): NotesSections {
  const due =
    ctx.nextSessionDate ?? new Date(new Date(ctx.startsAt).getTime() + 7 * 86_400_000).toISOString().slice(0, 10);
  const actionItems: ActionItem[] = [];
  for (const a of m.actionItems) {
    const owner = memberNamed(ctx.members, a.owner);
    if (!owner) continue; // a name that is no member's is not an action item anyone owns
    actionItems.push({
      id: `t${actionItems.length + 1}`,
      ownerId: owner.userId,
      ownerName: owner.displayName,
      text: a.text,
      dueDate: a.dueDate ?? due,
      done: false,
    });
  }
  return {
    notes: { summary: m.summary, decisions: m.decisions },
    actionItems,
    quiz: m.quiz ? { topic: m.quiz.topic, items: m.quiz.items.map((q, i) => ({ id: `q${i + 1}`, ...q })) } : null,
  };
}

export function generateNotes(p: Platform, ctx: SessionContext, transcript: string, o: ModelOptions = {}) {
  return withModel(
    p,
    () => offlineNotes(ctx, transcript),
    async () => {
      const r = await structuredChat(p, {
        schema: ModelNotes,
        messages: notesMessages(ctx, transcript),
        reject: rejectLeaks,
        options: { maxTokens: 2000, temperature: 0.2, feature: "coach", timeoutMs: callTimeout(p) },
        ...o,
      });
      return { ...r, value: notesFromModel(ctx, r.value) };
    },
    NOTES_PROMPT_VERSION,
  );
}

export { proofChecklistFor };
