// Users: creation with a unique email, lookup by email, profile reads and rectification, roles.
import { type Actor, assertCanAccess, type Role, requireRole } from "../access/index.js";
import { accountChanged } from "../domain/index.js";
import {
  AppError,
  conflict,
  type Item,
  isConditionFailed,
  isWriteConflict,
  notFound,
  type Page,
  type Platform,
  type TransactOp,
} from "../platform/index.js";
import { screenText } from "../safety/filter.js";
import { flagContent } from "../safety/flags.js";
import { emailKey, ownerIndex, profileKey, SIGN_IN_PREFIX, SignIn, signInKey, USERS_INDEX_PK, User } from "./keys.js";
import { canonicalLocale, normalizeEmail, type Profile, type ProfilePatch, type UserStatus } from "./model.js";

/** 409 `account.email_taken`: the address already belongs to an account. */
export class EmailTakenError extends AppError {
  constructor() {
    super(409, "account.email_taken", "An account with this email already exists.");
    this.name = "EmailTakenError";
  }
}

export type StoredUser = Item & {
  type: "User";
  id: string;
  email: string;
  emailVerified: boolean;
  name: string;
  role: Role;
  status: UserStatus;
  locale: string;
  bio: string | null;
  avatarUrl: string | null;
  signInMethods: string[];
  /** With `status: suspended` (set by the safety domain): when the suspension ends (ISO); null for a ban. */
  suspendedUntil?: string | null;
  createdAt: string;
  updatedAt: string;
};

type EmailItem = Item & { type: "EmailAddress"; userId: string; email: string };

export interface NewUser {
  email: string;
  name: string;
  emailVerified: boolean;
  /** "password" or a provider id. */
  signInMethod: string;
  role?: Role;
  locale?: string;
}

export function toProfile(u: StoredUser): Profile {
  return {
    id: u.id,
    email: u.email,
    emailVerified: u.emailVerified,
    name: u.name,
    role: u.role,
    status: u.status,
    locale: u.locale,
    bio: u.bio ?? null,
    avatarUrl: u.avatarUrl ?? null,
    signInMethods: u.signInMethods ?? [],
    createdAt: u.createdAt,
    updatedAt: u.updatedAt,
  };
}

/**
 * Creates the account and claims its email in one transaction, so two sign-ups with one address cannot both
 * succeed. Throws 409 `account.email_taken` when the address already has an account. `alsoPut` adds items that
 * must exist from the first moment (a password hash, an external identity), written in the same transaction.
 */
export async function createUser(
  p: Platform,
  input: NewUser,
  alsoPut: (userId: string) => Item[] = () => [],
): Promise<StoredUser> {
  const now = p.clock.now().toISOString();
  const id = p.ids.next();
  const email = normalizeEmail(input.email);
  const user: StoredUser = {
    ...profileKey(id),
    type: "User",
    gsi1pk: USERS_INDEX_PK,
    gsi1sk: `${now}#${id}`,
    id,
    email,
    emailVerified: input.emailVerified,
    name: input.name,
    role: input.role ?? "learner",
    status: "active",
    locale: canonicalLocale(input.locale ?? "en") ?? "en",
    bio: null,
    avatarUrl: null,
    signInMethods: [input.signInMethod],
    createdAt: now,
    updatedAt: now,
  };
  const claim: EmailItem = { ...emailKey(email), ...ownerIndex(id, "EMAIL"), type: "EmailAddress", userId: id, email };
  try {
    await p.store.transact([
      { put: user, condition: { absent: true } },
      { put: claim, condition: { absent: true } },
      ...alsoPut(id).map((item) => ({ put: item, condition: { absent: true } })),
    ]);
  } catch (e) {
    if (isConditionFailed(e)) {
      throw new EmailTakenError();
    }
    throw e;
  }
  return { ...user, version: 1 };
}

export async function getUser(p: Platform, userId: string, consistent = false): Promise<StoredUser | undefined> {
  return p.store.get<StoredUser>(profileKey(userId), { consistent });
}

/** The account an email belongs to (read strongly, since it decides sign-in and sign-up). */
export async function findUserByEmail(p: Platform, email: string): Promise<StoredUser | undefined> {
  const claim = await p.store.get<EmailItem>(emailKey(normalizeEmail(email)), { consistent: true });
  return claim ? getUser(p, claim.userId, true) : undefined;
}

/** A profile, for its owner or an admin; anyone else gets 404 `user.not_found`. */
export async function getProfile(p: Platform, actor: Actor, userId: string): Promise<Profile> {
  assertCanAccess(actor, { ownerId: userId }, "user");
  const user = await getUser(p, userId);
  if (!user) throw notFound("user.not_found", "No such user.");
  return toProfile(user);
}

export async function updateProfile(p: Platform, actor: Actor, userId: string, patch: ProfilePatch): Promise<Profile> {
  assertCanAccess(actor, { ownerId: userId }, "user");
  const { flagged } = screenText(p, { "profile.name": patch.name, "profile.bio": patch.bio });
  const set: Record<string, unknown> = { updatedAt: p.clock.now().toISOString() };
  if (patch.name !== undefined) set.name = patch.name;
  if (patch.locale !== undefined) set.locale = canonicalLocale(patch.locale);
  if (patch.bio !== undefined) set.bio = patch.bio;
  if (patch.avatarUrl !== undefined) set.avatarUrl = patch.avatarUrl;
  let updated: StoredUser;
  try {
    updated = await p.store.update<StoredUser>(profileKey(userId), { set });
  } catch (e) {
    if (isConditionFailed(e)) throw notFound("user.not_found", "No such user.");
    throw e;
  }
  // Pod-mates see the name on the memberships, which keep a copy so a pod is one read.
  if (patch.name !== undefined) await accountChanged(p, userId, { name: updated.name });
  for (const f of flagged) await flagContent(p, { ...f, ref: userId, userId });
  return toProfile(updated);
}

/** What every sign-in of a user carries of the account: enough to check a request without reading the profile. */
export interface AccountStamp {
  role: Role;
  accountStatus: UserStatus;
  /** With `accountStatus: suspended`: when the suspension ends; null (or absent) for one without an end. */
  suspendedUntil?: string | null;
}

export const accountStampOf = (u: Pick<StoredUser, "role" | "status" | "suspendedUntil">): AccountStamp => ({
  role: u.role,
  accountStatus: u.status,
  suspendedUntil: u.status === "suspended" ? (u.suspendedUntil ?? null) : null,
});

/** The suspension in effect at `now`, if any: a suspension whose end has passed is over without anyone lifting it. */
export function suspensionAt(
  stamp: Pick<AccountStamp, "accountStatus" | "suspendedUntil">,
  now: Date,
): { until: string | null } | undefined {
  if (stamp.accountStatus !== "suspended") return undefined;
  const until = stamp.suspendedUntil ?? null;
  if (until !== null && new Date(until).getTime() <= now.getTime()) return undefined;
  return { until };
}

/** Sign-ins carry at most this many stamp updates in the profile's own transaction (DynamoDB allows 100 items). */
const STAMPS_IN_TRANSACTION = 99;

/**
 * Writes the profile change and, when the role or status changed, the same role and status on every sign-in of
 * the user, in one transaction: a withdrawn admin role or a suspension applies to the very next request.
 * A sign-in started meanwhile checks the profile's role and status in its own transaction, so it cannot keep
 * the old ones either.
 */
async function writeUserChange(
  p: Platform,
  user: StoredUser,
  set: Record<string, unknown>,
  checks: TransactOp[] = [],
): Promise<StoredUser> {
  const changes = { set: { ...set, updatedAt: p.clock.now().toISOString() } };
  const condition = { version: user.version ?? 0 };
  const next = { ...user, ...changes.set } as StoredUser;
  if (!("role" in set || "status" in set) && checks.length === 0) {
    return p.store.update<StoredUser>(profileKey(user.id), changes, condition);
  }
  const stamp = accountStampOf(next);
  const signIns = await p.store.queryAll<Item>(SignIn.query("ofUser", { userId: user.id }));
  const keys = signIns.map((s) => signInKey(user.id, s.sk.slice(SIGN_IN_PREFIX.length)));
  await p.store.transact([
    { update: profileKey(user.id), changes, condition },
    ...checks,
    ...keys
      .slice(0, STAMPS_IN_TRANSACTION - checks.length)
      .map((key): TransactOp => ({ update: key, changes: { set: { ...stamp } }, condition: { exists: true } })),
  ]);
  for (const key of keys.slice(STAMPS_IN_TRANSACTION - checks.length)) {
    await p.store.update(key, { set: { ...stamp } }).catch((e) => {
      // Expired and removed meanwhile: it signs nobody in.
      if (!isConditionFailed(e)) throw e;
    });
  }
  return { ...next, version: (user.version ?? 0) + 1 };
}

/** Changes a user with a read-modify-write that retries when someone else wrote in between. */
async function changeUser(
  p: Platform,
  userId: string,
  change: (u: StoredUser) => Record<string, unknown> | undefined,
): Promise<StoredUser> {
  for (let attempt = 0; ; attempt++) {
    const user = await getUser(p, userId, true);
    if (!user) throw notFound("user.not_found", "No such user.");
    const set = change(user);
    if (!set) return user;
    try {
      return await writeUserChange(p, user, set);
    } catch (e) {
      if (!isConditionFailed(e) || attempt >= 4) throw e;
    }
  }
}

/**
 * Moves an account to an address its owner has just proved (the link sent there). The new address is claimed in
 * the same transaction that frees the old one and changes the profile, so two accounts never share an address.
 */
export async function changeEmail(p: Platform, userId: string, newEmail: string): Promise<StoredUser> {
  const user = await getUser(p, userId, true);
  if (user?.status !== "active") throw notFound("account.not_found", "This account no longer exists.");
  const email = normalizeEmail(newEmail);
  if (user.email === email) return user;
  const claim: EmailItem = { ...emailKey(email), ...ownerIndex(userId, "EMAIL"), type: "EmailAddress", userId, email };
  const freeOld: TransactOp = { delete: emailKey(user.email), condition: { equals: { userId } } };
  try {
    return await writeUserChange(p, user, { email, emailVerified: true }, [
      { put: claim, condition: { absent: true } },
      freeOld,
    ]);
  } catch (e) {
    if (!isConditionFailed(e)) throw e;
    const holder = await p.store.get<EmailItem>(emailKey(email), { consistent: true });
    if (holder && holder.userId !== userId) throw new EmailTakenError();
    throw conflict("account.changed", "Your account changed meanwhile. Try again.");
  }
}

export const markEmailVerified = (p: Platform, userId: string) =>
  changeUser(p, userId, (u) => (u.emailVerified ? undefined : { emailVerified: true }));

export const addSignInMethod = (p: Platform, userId: string, method: string) =>
  changeUser(p, userId, (u) =>
    u.signInMethods?.includes(method) ? undefined : { signInMethods: [...(u.signInMethods ?? []), method] },
  );

export const removeSignInMethod = (p: Platform, userId: string, method: string) =>
  changeUser(p, userId, (u) =>
    u.signInMethods?.includes(method) ? { signInMethods: u.signInMethods.filter((m) => m !== method) } : undefined,
  );

/** Another admin than `userId`, oldest first; a Query of the users index that stops at the first one. */
async function anotherAdmin(p: Platform, userId: string): Promise<StoredUser | undefined> {
  let cursor: string | null = null;
  do {
    const page: Page<StoredUser> = await p.store.query<StoredUser>({
      index: "gsi1",
      pk: USERS_INDEX_PK,
      limit: 100,
      cursor,
    });
    const found = page.items.find((u) => u.role === "admin" && u.id !== userId && u.status === "active");
    if (found) return found;
    cursor = page.nextCursor;
  } while (cursor);
  return undefined;
}

const lastAdmin = () =>
  conflict("role.last_admin", "You are the only admin: make someone else an admin before giving up the role.");

/**
 * Admins (and the system) change roles; nobody can hand out `system`. An admin withdrawing their own role must
 * leave another admin behind (409 `role.last_admin`): the change is written in one transaction with a check that
 * the other admin still is one, so two admins stepping down at once cannot both succeed.
 */
export async function setRole(
  p: Platform,
  actor: Actor,
  userId: string,
  role: Exclude<Role, "system">,
): Promise<Profile> {
  requireRole(actor, "admin", "system");
  if (actor.userId === userId && actor.role === "admin" && role !== "admin") {
    for (let attempt = 0; ; attempt++) {
      const [user, other] = await Promise.all([getUser(p, userId, true), anotherAdmin(p, userId)]);
      if (!user) throw notFound("user.not_found", "No such user.");
      if (user.role === role) return toProfile(user);
      if (!other) throw lastAdmin();
      try {
        // With the check that the other admin still is one; the sign-ins carry the new role at once.
        return toProfile(
          await writeUserChange(p, user, { role }, [
            { check: profileKey(other.id), condition: { equals: { role: "admin", status: "active" } } },
          ]),
        );
      } catch (e) {
        if (!isWriteConflict(e) || attempt >= 4) throw e;
      }
    }
  }
  return toProfile(await changeUser(p, userId, (u) => (u.role === role ? undefined : { role })));
}

export async function setStatus(p: Platform, actor: Actor, userId: string, status: UserStatus): Promise<Profile> {
  requireRole(actor, "admin", "system");
  return toProfile(await changeUser(p, userId, (u) => (u.status === status ? undefined : { status })));
}

/**
 * Suspends an account until `until` (null: with no end, a ban), or lifts its suspension (`null`). Every sign-in of the
 * account carries the change from the next request on.
 */
export async function setSuspension(
  p: Platform,
  actor: Actor,
  userId: string,
  suspension: { until: string | null } | null,
): Promise<StoredUser> {
  requireRole(actor, "admin", "system");
  return changeUser(p, userId, (u) => {
    if (suspension) {
      if (u.status === "suspended" && (u.suspendedUntil ?? null) === suspension.until) return undefined;
      return { status: "suspended", suspendedUntil: suspension.until };
    }
    return u.status === "suspended" ? { status: "active", suspendedUntil: null } : undefined;
  });
}

/** Every account, oldest first, for admins. */
export async function listUsers(
  p: Platform,
  actor: Actor,
  page: { limit: number; cursor?: string | null },
): Promise<Page<Profile>> {
  requireRole(actor, "admin", "system");
  const out = await p.store.query<StoredUser>(
    User.query("all", {}, { limit: page.limit, cursor: page.cursor ?? null }),
  );
  return { items: out.items.map(toProfile), nextCursor: out.nextCursor };
}
