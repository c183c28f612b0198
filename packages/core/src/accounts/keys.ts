// Account keys in the single table, and the rule that makes every record of a user findable by Query.
import { defineEntity, type Key } from "../platform/index.js";

/** The partition of everything a user owns outright: profile, password, preferences, onboarding, consents… */
export const userPk = (userId: string) => `USER#${userId}`;

/**
 * The personal-data rule, for every domain: a record that belongs to a user either lives under
 * `pk = USER#<userId>`, or carries `gsi2pk = USER#<userId>` (the owner index) with a `gsi2sk` that starts with
 * its type (`POD#…`, `CHECKIN#…`). Export and erasure find a user's data with those two Queries and nothing else.
 * The owner index doubles as "a user's X, newest first": `gsi2sk begins_with X#`.
 */
export const ownerIndex = (userId: string, sortKey: string) => ({ gsi2pk: userPk(userId), gsi2sk: sortKey });

/** Accounts' items and how each is found (docs/data-model.md, Accounts: access patterns). */
export const User = defineEntity("User", {
  profile: { name: "A user's profile", pk: "USER#<userId>", sk: "PROFILE" },
  all: { name: "All accounts, oldest first (admin list)", index: "gsi1", pk: "USERS" },
});
export const EmailClaim = defineEntity("EmailAddress", {
  byEmail: {
    name: "The account of an email (sign-in, sign-up, linking), then the profile",
    pk: "EMAIL#<email>",
    sk: "EMAIL",
    consistent: true,
  },
});
export const Identity = defineEntity("ExternalIdentity", {
  bySubject: {
    name: "The account of a provider identity",
    pk: "IDENTITY#<provider>#<subject>",
    sk: "IDENTITY",
    consistent: true,
  },
});
export const PasswordCredential = defineEntity("PasswordCredential", {
  one: { name: "A user's password credential", pk: "USER#<userId>", sk: "PASSWORD" },
});
export const PreferencesRecord = defineEntity("Preferences", {
  one: { name: "A user's preferences", pk: "USER#<userId>", sk: "PREFERENCES" },
});
export const OnboardingRecord = defineEntity("Onboarding", {
  one: { name: "A user's onboarding", pk: "USER#<userId>", sk: "ONBOARDING" },
});
export const ConsentsRecord = defineEntity("Consents", {
  one: { name: "A user's consents", pk: "USER#<userId>", sk: "CONSENTS" },
});
/**
 * One sign-in (a refresh family) in its user's partition. Auth owns the item; accounts stamps the account's role
 * and status on it whenever they change, so that checking a request needs the sign-in alone.
 */
export const SignIn = defineEntity("RefreshFamily", {
  ofUser: {
    name: "A user's sign-ins (sign out everywhere; role and status changes)",
    pk: "USER#<userId>",
    sk: { beginsWith: "FAMILY#" },
    consistent: true,
  },
  one: {
    name: "A sign-in, with the account's role and status (every authenticated request)",
    pk: "USER#<userId>",
    sk: "FAMILY#<familyId>",
    consistent: true,
  },
});

export const profileKey = (userId: string): Key => User.key("profile", { userId });
export const passwordKey = (userId: string): Key => PasswordCredential.key("one", { userId });
export const preferencesKey = (userId: string): Key => PreferencesRecord.key("one", { userId });
export const onboardingKey = (userId: string): Key => OnboardingRecord.key("one", { userId });
export const consentsKey = (userId: string): Key => ConsentsRecord.key("one", { userId });

export const SIGN_IN_PREFIX = "FAMILY#";
export const signInKey = (userId: string, familyId: string): Key => SignIn.key("one", { userId, familyId });

/** One item per address: makes emails unique (a conditional put) and finds the account at sign-in. */
export const emailKey = (email: string): Key => EmailClaim.key("byEmail", { email });

/** One item per external identity (provider + subject), pointing at the account it signs in to. */
export const identityKey = (provider: string, subject: string): Key => Identity.key("bySubject", { provider, subject });

/** Every account, for the admin list: `gsi1pk = USERS`, newest last. */
export const USERS_INDEX_PK = "USERS";
