// Account keys in the single table, and the rule that makes every record of a user findable by Query.
import type { Key } from "../platform/index.js";

/** The partition of everything a user owns outright: profile, password, preferences, onboarding, consents… */
export const userPk = (userId: string) => `USER#${userId}`;

/**
 * The personal-data rule, for every domain: a record that belongs to a user either lives under
 * `pk = USER#<userId>`, or carries `gsi2pk = USER#<userId>` (the owner index) with a `gsi2sk` that starts with
 * its type (`POD#…`, `CHECKIN#…`). Export and erasure find a user's data with those two Queries and nothing else.
 * The owner index doubles as "a user's X, newest first": `gsi2sk begins_with X#`.
 */
export const ownerIndex = (userId: string, sortKey: string) => ({ gsi2pk: userPk(userId), gsi2sk: sortKey });

export const profileKey = (userId: string): Key => ({ pk: userPk(userId), sk: "PROFILE" });
export const passwordKey = (userId: string): Key => ({ pk: userPk(userId), sk: "PASSWORD" });
export const preferencesKey = (userId: string): Key => ({ pk: userPk(userId), sk: "PREFERENCES" });
export const onboardingKey = (userId: string): Key => ({ pk: userPk(userId), sk: "ONBOARDING" });
export const consentsKey = (userId: string): Key => ({ pk: userPk(userId), sk: "CONSENTS" });

/**
 * One sign-in (a refresh family) in its user's partition. Auth owns the item; accounts stamps the account's role
 * and status on it whenever they change, so that checking a request needs the sign-in alone.
 */
export const SIGN_IN_PREFIX = "FAMILY#";
export const signInKey = (userId: string, familyId: string): Key => ({
  pk: userPk(userId),
  sk: `${SIGN_IN_PREFIX}${familyId}`,
});

/** One item per address: makes emails unique (a conditional put) and finds the account at sign-in. */
export const emailKey = (email: string): Key => ({ pk: `EMAIL#${email}`, sk: "EMAIL" });

/** One item per external identity (provider + subject), pointing at the account it signs in to. */
export const identityKey = (provider: string, subject: string): Key => ({
  pk: `IDENTITY#${provider}#${subject}`,
  sk: "IDENTITY",
});

/** Every account, for the admin list: `gsi1pk = USERS`, newest last. */
export const USERS_INDEX_PK = "USERS";
