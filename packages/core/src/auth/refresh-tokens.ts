// Refresh tokens: 7 days, stored hashed, rotated on every use; presenting a rotated one revokes its whole family.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { type AccountStamp, ownerIndex, profileKey, userPk } from "../accounts/index.js";
import {
  epochSeconds,
  type Item,
  isConditionFailed,
  isWriteConflict,
  type Platform,
  unauthorized,
} from "../platform/index.js";
import { randomToken, tokenHash } from "./secrets.js";

export const REFRESH_TOKEN_SECONDS = 7 * 24 * 3600;
/**
 * A sign-in (a family) ends this long after it began, however often it is refreshed: a stolen refresh token kept
 * fresh by its thief still dies.
 */
export const FAMILY_LIFETIME_SECONDS = 30 * 24 * 3600;
/**
 * For this long after a token is rotated, presenting it again answers the current pair instead of counting as reuse:
 * two tabs refreshing at once, or a retry whose response was lost. Later, it is theft and ends the family.
 */
export const REFRESH_GRACE_SECONDS = 10;

/** One sign-in on one device: every token rotated from it belongs to the family. */
type FamilyItem = Item & {
  type: "RefreshFamily";
  familyId: string;
  userId: string;
  status: "active" | "revoked";
  /** "password", "dev" or a provider id. */
  method: string;
  createdAt: string;
  /** Epoch seconds: the absolute end of the sign-in (createdAt + FAMILY_LIFETIME_SECONDS). */
  endsAt?: number;
  revokedAt?: string;
  revokedReason?: "logout" | "reuse" | "password_reset" | "password_change" | "email_change" | "erasure";
} & Partial<AccountStamp>;

type TokenItem = Item & {
  type: "RefreshToken";
  familyId: string;
  userId: string;
  status: "active" | "rotated";
  createdAt: string;
  rotatedAt?: string;
  /**
   * The token it was rotated into, encrypted under a key derived from this token itself (never stored): only
   * someone presenting this token, within the grace, can get it back.
   */
  successor?: string;
};

const successorKey = (token: string) =>
  createHash("sha256").update("pactly.refresh.successor\n").update(token).digest();

function sealSuccessor(presented: string, successor: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", successorKey(presented), iv);
  const data = Buffer.concat([cipher.update(successor, "utf8"), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), data]).toString("base64url");
}

function openSuccessor(presented: string, sealed: string): string | undefined {
  try {
    const raw = Buffer.from(sealed, "base64url");
    const decipher = createDecipheriv("aes-256-gcm", successorKey(presented), raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
  } catch {
    return undefined;
  }
}

/** Whole seconds, as the table keeps expiries: a grant answered twice carries the same instant. */
const atSecond = (ms: number) => new Date(Math.floor(ms / 1000) * 1000);

const familyKey = (userId: string, familyId: string) => ({ pk: userPk(userId), sk: `FAMILY#${familyId}` });
const tokenKey = (token: string) => ({ pk: `REFRESH#${tokenHash(token)}`, sk: "REFRESH" });

export interface RefreshGrant {
  /** The raw token: goes into the cookie once and is never stored. */
  token: string;
  userId: string;
  familyId: string;
  expiresAt: Date;
}

const invalid = () => unauthorized("auth.refresh_invalid", "Sign in again.");

function tokenItem(p: Platform, token: string, familyId: string, userId: string, expiresAt: Date): TokenItem {
  const createdAt = p.clock.now().toISOString();
  return {
    ...tokenKey(token),
    ...ownerIndex(userId, `REFRESH#${createdAt}`),
    type: "RefreshToken",
    familyId,
    userId,
    status: "active",
    createdAt,
    // Rotated tokens are kept until they would have expired: until then, seeing one again means theft.
    expiresAt: epochSeconds(expiresAt),
  };
}

/**
 * Starts a family for a fresh sign-in and returns its first token. With `account`, the family carries the
 * account's role and status (what authentication checks), on the condition that the profile still has them: a
 * role or status change racing the sign-in makes it fail with `store.condition_failed` rather than keep old ones.
 */
export async function startRefreshFamily(
  p: Platform,
  userId: string,
  method: string,
  account?: AccountStamp,
): Promise<RefreshGrant> {
  const familyId = p.ids.next();
  const token = randomToken();
  const now = p.clock.now();
  const expiresAt = atSecond(now.getTime() + REFRESH_TOKEN_SECONDS * 1000);
  const family: FamilyItem = {
    ...familyKey(userId, familyId),
    type: "RefreshFamily",
    familyId,
    userId,
    status: "active",
    method,
    createdAt: now.toISOString(),
    endsAt: epochSeconds(now) + FAMILY_LIFETIME_SECONDS,
    expiresAt: epochSeconds(expiresAt),
    ...account,
  };
  await p.store.transact([
    { put: family, condition: { absent: true } },
    { put: tokenItem(p, token, familyId, userId, expiresAt), condition: { absent: true } },
    ...(account
      ? [{ check: profileKey(userId), condition: { equals: { role: account.role, status: account.accountStatus } } }]
      : []),
  ]);
  return { token, userId, familyId, expiresAt };
}

export async function revokeFamily(
  p: Platform,
  userId: string,
  familyId: string,
  reason: NonNullable<FamilyItem["revokedReason"]>,
): Promise<void> {
  try {
    await p.store.update(
      familyKey(userId, familyId),
      { set: { status: "revoked", revokedAt: p.clock.now().toISOString(), revokedReason: reason } },
      { equals: { status: "active" } },
    );
  } catch (e) {
    // Already revoked, or gone: either way it no longer signs anyone in.
    if (!isConditionFailed(e)) throw e;
  }
}

/** Signs a user out everywhere (password reset, erasure, suspension). */
export async function revokeAllFamilies(
  p: Platform,
  userId: string,
  reason: NonNullable<FamilyItem["revokedReason"]>,
): Promise<number> {
  const families = await p.store.queryAll<FamilyItem>({
    pk: userPk(userId),
    sk: { beginsWith: "FAMILY#" },
    consistent: true,
  });
  const active = families.filter((f) => f.status === "active");
  await Promise.all(active.map((f) => revokeFamily(p, userId, f.familyId, reason)));
  return active.length;
}

/** Whether a family still signs its user in (checked on every authenticated request). */
export async function isFamilyActive(p: Platform, userId: string, familyId: string): Promise<boolean> {
  const family = await p.store.get<FamilyItem>(familyKey(userId, familyId));
  return family?.status === "active" && (family.expiresAt ?? 0) > epochSeconds(p.clock.now());
}

export const familyKeyOf = familyKey;

/** The absolute end of a family (families from before endsAt existed: their start + the lifetime). */
const familyEnd = (f: FamilyItem) => f.endsAt ?? epochSeconds(new Date(f.createdAt)) + FAMILY_LIFETIME_SECONDS;

/**
 * Within the grace after `old` was rotated, the token it was rotated into, while that one is still current; else
 * undefined (a later token exists, or the grace is over).
 */
async function currentGrant(p: Platform, presented: string, old: TokenItem): Promise<RefreshGrant | undefined> {
  const rotatedAt = old.rotatedAt ? new Date(old.rotatedAt).getTime() : Number.NaN;
  if (!(p.clock.now().getTime() - rotatedAt <= REFRESH_GRACE_SECONDS * 1000) || !old.successor) return undefined;
  const token = openSuccessor(presented, old.successor);
  if (!token) return undefined;
  const current = await p.store.get<TokenItem>(tokenKey(token), { consistent: true });
  if (current?.status !== "active" || current.familyId !== old.familyId) return undefined;
  return { token, userId: old.userId, familyId: old.familyId, expiresAt: new Date((current.expiresAt ?? 0) * 1000) };
}

const reused = () => unauthorized("auth.refresh_reused", "This sign-in was ended for safety. Sign in again.");

/**
 * Swaps a refresh token for a new one in the same family. The old token is marked rotated in the same
 * transaction that writes the new one, on the condition that it is still active and its family too: of two
 * concurrent refreshes with one token, exactly one rotates. The others, and a retry whose answer was lost, get
 * that same new token if they come within REFRESH_GRACE_SECONDS and it is still the current one. A rotated token
 * presented later (a replay) revokes the whole family, since the legitimate client and a thief cannot be told
 * apart. No token outlives its family's absolute end (FAMILY_LIFETIME_SECONDS after sign-in).
 */
export async function rotateRefreshToken(p: Platform, presented: string, attempt = 0): Promise<RefreshGrant> {
  const now = p.clock.now();
  const old = await p.store.get<TokenItem>(tokenKey(presented), { consistent: true });
  if (!old || (old.expiresAt ?? 0) <= epochSeconds(now)) throw invalid();
  const family = await p.store.get<FamilyItem>(familyKey(old.userId, old.familyId), { consistent: true });
  if (family?.status !== "active") throw invalid();
  const endsAt = familyEnd(family);
  if (endsAt <= epochSeconds(now)) throw invalid();

  if (old.status !== "active") {
    const current = await currentGrant(p, presented, old);
    if (current) return current;
    await revokeFamily(p, old.userId, old.familyId, "reuse");
    p.log.warn("refresh token reuse: family revoked", { userId: old.userId, familyId: old.familyId });
    throw reused();
  }

  const token = randomToken();
  const expiresAt = atSecond(Math.min(now.getTime() + REFRESH_TOKEN_SECONDS * 1000, endsAt * 1000));
  try {
    await p.store.transact([
      {
        update: tokenKey(presented),
        changes: {
          set: { status: "rotated", rotatedAt: now.toISOString(), successor: sealSuccessor(presented, token) },
        },
        condition: { equals: { status: "active" } },
      },
      { put: tokenItem(p, token, old.familyId, old.userId, expiresAt), condition: { absent: true } },
      {
        update: familyKey(old.userId, old.familyId),
        // The family lives as long as its newest token.
        changes: { set: { expiresAt: epochSeconds(expiresAt), lastUsedAt: now.toISOString() } },
        condition: { equals: { status: "active" } },
      },
    ]);
  } catch (e) {
    // Another refresh with this token got there first (condition failed), or the two transactions were cancelled
    // as conflicting: read again, and this one sees the rotated token and takes the winner's pair (grace), or a
    // revoked family.
    if (isWriteConflict(e) && attempt < 3) return rotateRefreshToken(p, presented, attempt + 1);
    if (isConditionFailed(e)) {
      await revokeFamily(p, old.userId, old.familyId, "reuse");
      p.log.warn("concurrent refresh with one token: family revoked", { userId: old.userId, familyId: old.familyId });
      throw reused();
    }
    throw e;
  }
  return { token, userId: old.userId, familyId: old.familyId, expiresAt };
}

/** Logout: ends the family of the presented token (whatever its state); unknown tokens are ignored. */
export async function revokeByToken(p: Platform, presented: string): Promise<void> {
  const item = await p.store.get<TokenItem>(tokenKey(presented), { consistent: true });
  if (item) await revokeFamily(p, item.userId, item.familyId, "logout");
}
