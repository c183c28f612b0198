// An erased member in the coach documents of their pods' sessions: their name and id give way to the former-member
// placeholder in every version (the one exception to versions being immutable), wherever the documents name them.
import { systemActor } from "../access/index.js";
import { isWriteConflict, type Platform } from "../platform/index.js";
import { listMyPods } from "../pods/index.js";
import { listPodSessions } from "../sessions/index.js";
import { type CoachHeadItem, type CoachVersionItem, CoachVersionRecord, headKey } from "./records.js";

const FORMER_ID = "former-member";
const literal = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The sessions of every pod the learner is or was in: where coach documents may name them. */
export async function sessionsOfMember(p: Platform, userId: string): Promise<string[]> {
  const pods: string[] = [];
  let cursor: string | null = null;
  do {
    const page = await listMyPods(p, { userId, role: "learner" }, { limit: 100, cursor });
    pods.push(...page.items.map((s) => s.id));
    cursor = page.nextCursor;
  } while (cursor);
  const sessions: string[] = [];
  for (const podId of pods) {
    for (const s of await listPodSessions(p, systemActor, podId).catch(() => [])) sessions.push(s.id);
  }
  return sessions;
}

/** Every string value (never a key) rewritten by `f`, at any depth. */
function mapStrings(value: unknown, f: (s: string) => string): unknown {
  if (typeof value === "string") return f(value);
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, f));
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapStrings(v, f)]));
  }
  return value;
}

/** The names a version gives the learner: as an action item's owner, in the member focus, as the author. */
function namesIn(v: CoachVersionItem, userId: string, names: Set<string>): void {
  for (const a of v.actionItems) if (a.ownerId === userId) names.add(a.ownerName);
  for (const f of v.focus) if (f.userId === userId) names.add(f.displayName);
  if (v.author.kind === "member" && v.author.userId === userId) names.add(v.author.displayName);
}

export async function eraseFromCoachDocs(
  p: Platform,
  userId: string,
  ctx: { formerMemberName: string },
): Promise<void> {
  for (const sessionId of await sessionsOfMember(p, userId)) {
    const versions = await p.store.queryAll<CoachVersionItem>(CoachVersionRecord.query("history", { sessionId }));
    // Every name any version gave them, so that the head (a copy of the latest and the newest summaries) and a
    // version that only mentions them in its text are rewritten alike.
    const names = new Set<string>();
    for (const v of versions) namesIn(v, userId, names);
    const patterns = [...names]
      .filter((n) => n.trim().length >= 2)
      .map((name) => new RegExp(`\\b${literal(name)}\\b`, "gi"));
    const rewrite = (text: string) =>
      patterns.reduce((t, re) => t.replace(re, ctx.formerMemberName), text.replaceAll(userId, FORMER_ID));
    /** Writes the item with its values rewritten (optimistically); false when it did not name them. */
    const rewriteItem = async <T extends CoachVersionItem | CoachHeadItem>(item: T): Promise<boolean> => {
      const text = JSON.stringify(item);
      if (!text.includes(userId) && !patterns.some((re) => new RegExp(re.source, "i").test(text))) return false;
      // Only values are rewritten: a member called "Summary" must not rename the document's fields.
      const { pk, sk, version, ...content } = item;
      const rewritten = mapStrings(content, rewrite) as typeof content;
      await p.store.put({ ...rewritten, pk, sk } as T, { version: version ?? 0 });
      return true;
    };
    for (const v of versions) await rewriteItem(v);
    // A version written meanwhile changes the head under us: read it again and rewrite that one.
    for (let attempt = 0; attempt < 5; attempt++) {
      const head = await p.store.get<CoachHeadItem>(headKey(sessionId), { consistent: true });
      try {
        if (head) await rewriteItem(head);
        break;
      } catch (e) {
        if (!isWriteConflict(e) || attempt === 4) throw e;
      }
    }
  }
}
