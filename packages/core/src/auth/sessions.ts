// Signed-in sessions: issuing the token pair, refreshing it, and turning a bearer token into an Actor.

import type { Actor } from "../access/index.js";
import {
  type AccountStamp,
  accountStampOf,
  getUser,
  type Profile,
  profileKey,
  type StoredUser,
  suspensionAt,
  toProfile,
} from "../accounts/index.js";
import { AppError, type Item, isConditionFailed, type Platform, unauthorized } from "../platform/index.js";
import { issueAccessToken, verifyAccessToken } from "./access-tokens.js";
import {
  familyKeyOf,
  type RefreshGrant,
  revokeByToken,
  rotateRefreshToken,
  startRefreshFamily,
} from "./refresh-tokens.js";

/** What a sign-in or a refresh hands back: the access token for the body, the refresh grant for the cookie. */
export interface SessionTokens {
  accessToken: string;
  tokenType: "Bearer";
  expiresIn: number;
  expiresAt: string;
  user: Profile;
  refresh: RefreshGrant;
}

/**
 * Starts a new refresh family (one per sign-in) and issues its first access token. A suspended learner signs in too,
 * to read the decision, appeal it, and export or erase their data: their other writes are refused at the API
 * (`account.suspended`).
 */
export async function signIn(p: Platform, signingIn: StoredUser, method: string): Promise<SessionTokens> {
  let user = signingIn;
  let refresh: RefreshGrant | undefined;
  for (let attempt = 0; !refresh; attempt++) {
    try {
      refresh = await startRefreshFamily(p, user.id, method, accountStampOf(user));
    } catch (e) {
      // The role or status changed since `user` was read: read it again and sign in with the new ones.
      if (!isConditionFailed(e) || attempt >= 2) throw e;
      const fresh = await getUser(p, user.id, true);
      if (!fresh) throw unauthorized("auth.invalid_credentials", "This account no longer exists.");
      user = fresh;
    }
  }
  const access = await issueAccessToken(p, { userId: user.id, role: user.role, sessionId: refresh.familyId });
  p.log.info("signed in", { userId: user.id, method });
  return {
    accessToken: access.token,
    tokenType: "Bearer",
    expiresIn: access.expiresIn,
    expiresAt: access.expiresAt,
    user: toProfile(user),
    refresh,
  };
}

/** Rotates the refresh token and issues a new access token with the user's current role. */
export async function refreshSession(p: Platform, presented: string | undefined): Promise<SessionTokens> {
  if (!presented) throw unauthorized("auth.refresh_invalid", "Sign in again.");
  const refresh = await rotateRefreshToken(p, presented);
  const user = await getUser(p, refresh.userId, true);
  if (!user) throw unauthorized("auth.refresh_invalid", "Sign in again.");
  const access = await issueAccessToken(p, { userId: user.id, role: user.role, sessionId: refresh.familyId });
  return {
    accessToken: access.token,
    tokenType: "Bearer",
    expiresIn: access.expiresIn,
    expiresAt: access.expiresAt,
    user: toProfile(user),
    refresh,
  };
}

export async function signOut(p: Platform, presented: string | undefined): Promise<void> {
  if (presented) await revokeByToken(p, presented);
}

type FamilyState = Item & { status?: string; createdAt?: string } & Partial<AccountStamp>;

/** Erasure and changes of email or password need a sign-in (not a refresh) at most this old. */
export const REAUTH_WINDOW_SECONDS = 600;

/**
 * For sensitive actions: the actor's sign-in must have begun within REAUTH_WINDOW_SECONDS, else 401
 * `auth.reauth_required`. Refreshing does not count (a stolen refresh cookie alone must not erase an account).
 */
export function requireRecentSignIn(p: Platform, actor: Actor): void {
  const at = actor.signedInAt ? new Date(actor.signedInAt).getTime() : Number.NaN;
  if (!(p.clock.now().getTime() - at <= REAUTH_WINDOW_SECONDS * 1000)) {
    throw unauthorized("auth.reauth_required", "For your safety, sign in again to do this.");
  }
}

/**
 * The actor behind a bearer token. Besides the signature and claims, one strongly consistent read of the sign-in
 * (its refresh family) checks that it was not ended (logout, reuse, reset, erasure) and gives the account's
 * current role and status, which accounts keeps on every sign-in whenever they change: so logout, erasure,
 * suspension and a granted or withdrawn admin role take effect on the next request instead of when the access
 * token expires. A sign-in started before sign-ins carried the account falls back to reading the profile.
 */
export async function authenticate(p: Platform, bearer: string): Promise<Actor> {
  const claims = await verifyAccessToken(p, bearer);
  // Strongly consistent: the family is written at sign-in, and the first call follows right after it.
  const family = await p.store.get<FamilyState>(familyKeyOf(claims.userId, claims.sessionId), { consistent: true });
  if (family?.status !== "active") throw unauthorized("auth.session_ended", "This sign-in has ended. Sign in again.");
  let account: AccountStamp | undefined =
    family.role && family.accountStatus
      ? { role: family.role, accountStatus: family.accountStatus, suspendedUntil: family.suspendedUntil ?? null }
      : undefined;
  if (!account) {
    const user = await p.store.get<StoredUser>(profileKey(claims.userId));
    if (!user) throw unauthorized("auth.invalid_token", "The access token is not valid.");
    account = accountStampOf(user);
  }
  const suspended = suspensionAt(account, p.clock.now());
  return {
    userId: claims.userId,
    role: account.role,
    ...(family.createdAt ? { signedInAt: family.createdAt } : {}),
    ...(suspended ? { suspended } : {}),
  };
}

/** Dev sign-in is possible only in the local runtime, and only when the runtime itself switched it on. */
export const devSignInEnabled = (p: Platform): boolean => p.config.runtime === "local" && p.config.devSignIn === true;

export function assertDevSignIn(p: Platform): void {
  if (!devSignInEnabled(p)) throw new AppError(404, "route.not_found", "No such route.");
}
