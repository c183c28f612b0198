// Where learners got stuck (complex moments), as the coach's agendas read them: newest first, from a given time.
import type { Platform } from "../platform/index.js";
import { AgendaFlag, type AgendaFlagItem } from "./records.js";

export interface ComplexMomentFlag {
  track: string;
  questionId: string;
  questionTitle: string;
  tags: string[];
  reason: AgendaFlagItem["reason"];
  at: string;
}

/** A learner's complex moments since `since` (ISO), newest first, at most `limit`. */
export async function complexMomentsSince(
  p: Platform,
  userId: string,
  since: string,
  limit = 10,
): Promise<ComplexMomentFlag[]> {
  const q = AgendaFlag.query("ofLearner", { userId });
  const page = await p.store.query<AgendaFlagItem>({ ...q, reverse: true, limit: 50 });
  return page.items
    .filter((f) => f.at >= since)
    .slice(0, limit)
    .map((f) => ({
      track: f.track,
      questionId: f.questionId,
      questionTitle: f.questionTitle,
      tags: f.tags,
      reason: f.reason,
      at: f.at,
    }));
}
