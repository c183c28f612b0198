// The coach's part of a learner's data export: the latest coach document of each session of their pods (agenda,
// notes, their action items, the quiz), and every version they wrote themselves.
import type { Platform } from "../platform/index.js";
import { sessionsOfMember } from "./erasure.js";
import { type CoachVersionItem, CoachVersionRecord, toDoc } from "./records.js";

export async function coachExport(p: Platform, userId: string) {
  const latest = [];
  const written = [];
  for (const sessionId of await sessionsOfMember(p, userId)) {
    const versions = await p.store.queryAll<CoachVersionItem>(CoachVersionRecord.query("history", { sessionId }));
    if (versions[0]) latest.push(toDoc(versions[0]));
    for (const v of versions) if (v.author.kind === "member" && v.author.userId === userId) written.push(toDoc(v));
  }
  return { latest, written };
}
