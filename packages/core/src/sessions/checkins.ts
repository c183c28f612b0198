// Check-ins after a session: attended, effort, a win and a tweak, with optional proof uploaded straight to S3.
import type { Actor } from "../access/index.js";
import { ownerIndex } from "../accounts/index.js";
import { countMetric, markActive } from "../analytics/metrics.js";
import { badRequest, conflict, isWriteConflict, notFound, type Platform, parseInput } from "../platform/index.js";
import { userBlobPrefix } from "../privacy/index.js";
import { screenText } from "../safety/filter.js";
import { flagContent } from "../safety/flags.js";
import { attendanceKey } from "./lifecycle.js";
import {
  CHECKIN_EDIT_HOURS,
  type CheckIn,
  CheckInInput,
  PROOF_CONTENT_TYPES,
  PROOF_MAX_BYTES,
  type ProofUpload,
  ProofUploadInput,
} from "./model.js";
import { type CheckInItem, checkInKey, parseSessionId } from "./records.js";
import { loadSession, type SessionContext } from "./sessions.js";

const HOUR = 3_600_000;
/** How long a signed upload form stays usable. */
const UPLOAD_SECONDS = 10 * 60;
/** How long a link to a pod-mate's proof works. */
const PROOF_LINK_SECONDS = 15 * 60;

/**
 * Proof lives under the member's own blob prefix (so erasure removes it) and the session: a key outside it is never
 * accepted.
 */
const proofPrefix = (sessionId: string, userId: string) => `${userBlobPrefix(userId)}proofs/${sessionId}/`;

function memberOf(ctx: SessionContext) {
  if (!ctx.me) throw notFound("session.not_found", "No such session.");
  return ctx.me;
}

/**
 * A signed POST form for one proof file of the member's check-in: S3 accepts only this key, this content type
 * and at most 10 MB (the policy's conditions), for 10 minutes.
 */
export async function requestProofUpload(p: Platform, actor: Actor, input: unknown): Promise<ProofUpload> {
  const parsed = parseInput(ProofUploadInput, input, "upload");
  const ctx = await loadSession(p, actor, parsed.sessionId);
  memberOf(ctx);
  if (ctx.session.status === "cancelled") throw conflict("session.cancelled", "This session was cancelled.");
  const key = `${proofPrefix(ctx.session.id, actor.userId)}${p.ids.next()}`;
  const post = await p.blob.presignPost(key, {
    contentType: parsed.contentType,
    maxBytes: PROOF_MAX_BYTES,
    expiresInSeconds: UPLOAD_SECONDS,
    now: p.clock.now(),
  });
  return { ...post, maxBytes: PROOF_MAX_BYTES };
}

/** What was uploaded, checked after the fact (HeadObject): there, within the size, of an accepted type. */
async function verifiedProof(p: Platform, sessionId: string, userId: string, key: string) {
  if (!key.startsWith(proofPrefix(sessionId, userId))) {
    throw badRequest("checkin.proof_invalid", "That proof was not uploaded for this check-in.");
  }
  const head = await p.blob.head(key);
  if (!head) throw badRequest("checkin.proof_missing", "The proof has not been uploaded (or the upload failed).");
  const type = head.contentType ?? "";
  if (head.size > PROOF_MAX_BYTES || !(PROOF_CONTENT_TYPES as readonly string[]).includes(type)) {
    await p.blob.delete(key);
    throw badRequest("checkin.proof_invalid", "Proof must be an image, a PDF or a text file of at most 10 MB.");
  }
  return { key, contentType: type, size: head.size };
}

async function toCheckIn(p: Platform, ctx: SessionContext, c: CheckInItem, actor: Actor): Promise<CheckIn> {
  const name = ctx.roster.members.find((m) => m.userId === c.userId)?.displayName ?? "Former member";
  return {
    sessionId: c.sessionId,
    userId: c.userId,
    displayName: name,
    isYou: c.userId === actor.userId,
    attended: c.attended,
    rpe: c.rpe,
    win: c.win,
    tweak: c.tweak,
    proof: c.proof
      ? {
          contentType: c.proof.contentType,
          size: c.proof.size,
          url: await p.blob.presignGet(c.proof.key, { expiresInSeconds: PROOF_LINK_SECONDS }),
        }
      : null,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    editableUntil: new Date(new Date(c.createdAt).getTime() + CHECKIN_EDIT_HOURS * HOUR).toISOString(),
  };
}

/**
 * The member's check-in for a session that has started: one per member, editable for 48 hours after it was first
 * written. Only members of the session's pod can write one; once the session is completed it also marks their
 * attendance record as checked in.
 */
export async function submitCheckIn(p: Platform, actor: Actor, sessionId: string, input: unknown): Promise<CheckIn> {
  const parsed = parseInput(CheckInInput, input, "check-in");
  const { flagged } = screenText(p, { "checkin.win": parsed.win, "checkin.tweak": parsed.tweak });
  const ctx = await loadSession(p, actor, sessionId);
  memberOf(ctx);
  const s = ctx.session;
  const now = p.clock.now();
  if (s.status === "cancelled") throw conflict("session.cancelled", "This session was cancelled.");
  if (now < new Date(s.startsAt)) throw conflict("checkin.too_early", "Check in once the session has started.");
  const prior = ctx.checkIns.find((c) => c.userId === actor.userId);
  if (prior && now.getTime() > new Date(prior.createdAt).getTime() + CHECKIN_EDIT_HOURS * HOUR) {
    throw conflict("checkin.locked", "A check-in can be changed for 48 hours only.");
  }
  const proof =
    parsed.proofKey === undefined
      ? (prior?.proof ?? null)
      : parsed.proofKey === null
        ? null
        : prior?.proof?.key === parsed.proofKey
          ? prior.proof
          : await verifiedProof(p, s.id, actor.userId, parsed.proofKey);
  const ref = parseSessionId(s.id)!;
  const at = now.toISOString();
  const item: CheckInItem = {
    ...checkInKey(ref.podId, ref.number, actor.userId),
    // The owner index: the member's export and erasure find it.
    ...ownerIndex(actor.userId, `SESSION#${s.id}#CHECKIN`),
    type: "CheckIn",
    sessionId: s.id,
    podId: s.podId,
    userId: actor.userId,
    attended: parsed.attended,
    rpe: parsed.rpe,
    win: parsed.win,
    tweak: parsed.tweak,
    proof,
    createdAt: prior?.createdAt ?? at,
    updatedAt: at,
  };
  try {
    await p.store.put(item, prior ? { version: prior.version ?? 0 } : { absent: true });
  } catch (e) {
    if (isWriteConflict(e)) throw conflict("checkin.busy", "Your check-in changed meanwhile; please try again.");
    throw e;
  }
  for (const f of flagged) await flagContent(p, { ...f, ref: `${s.id}#${actor.userId}`, userId: actor.userId });
  // Business metrics: a member's first check-in for the session counts, and they were active today.
  if (!prior) await countMetric(p, "checkIns", 1, now);
  await markActive(p, actor.userId, now);
  if (s.status === "completed") {
    try {
      await p.store.update(
        attendanceKey(actor.userId, s.startsAt, s.id),
        { set: { checkedIn: parsed.attended } },
        { exists: true },
      );
    } catch (e) {
      if (!isWriteConflict(e)) throw e; // no attendance record: the member was not in the pod when it ended
    }
  }
  return toCheckIn(p, ctx, { ...item, version: (prior?.version ?? 0) + 1 }, actor);
}

/** The pod's check-ins for a session, for its members: each sees the others'. */
export async function listCheckIns(p: Platform, actor: Actor, sessionId: string): Promise<CheckIn[]> {
  const ctx = await loadSession(p, actor, sessionId);
  memberOf(ctx);
  const items = [...ctx.checkIns].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  return Promise.all(items.map((c) => toCheckIn(p, ctx, c, actor)));
}
