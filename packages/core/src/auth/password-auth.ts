// Email + password: sign-up with verification, sign-in with attempt limits, forgotten-password reset by email.

import { systemActor } from "../access/index.js";
import {
  addSignInMethod,
  createUser,
  EmailTakenError,
  findUserByEmail,
  getUser,
  markEmailVerified,
  normalizeEmail,
  passwordKey,
  profileKey,
  type StoredUser,
  updateProfile,
} from "../accounts/index.js";
import {
  badRequest,
  commitWithEffects,
  consumeRateLimit,
  enforceRateLimit,
  forbidden,
  type Item,
  mailEffect,
  type Platform,
  type RateLimit,
  releaseRateLimit,
  type TransactOp,
  unauthorized,
} from "../platform/index.js";
import { screenText } from "../safety/filter.js";
import { flagContent } from "../safety/flags.js";
import { consumeEmailToken, discardEmailTokens, emailTokenOp, type PendingSignUp } from "./email-tokens.js";
import { accountExistsEmail, resetEmail, verificationEmail } from "./emails.js";
import type { LoginInput, SignupInput } from "./model.js";
import { burnVerificationTime, hashPassword, needsRehash, verifyPassword } from "./passwords.js";
import { revokeAllFamilies } from "./refresh-tokens.js";
import { type SessionTokens, signIn } from "./sessions.js";

type PasswordItem = Item & { type: "PasswordCredential"; userId: string; hash: string; changedAt: string };

/** Where a request comes from, for the per-IP limits. */
export interface RequestOrigin {
  ip: string;
}

export const loginLimits = (p: Platform): { email: RateLimit; ip: RateLimit } => ({
  email: { bucket: "login.email", limit: p.config.loginLimitPerEmail, windowSeconds: p.config.loginLimitWindowSeconds },
  ip: { bucket: "login.ip", limit: p.config.loginLimitPerIp, windowSeconds: p.config.loginLimitWindowSeconds },
});

/** Endpoints that send email: per IP they answer 429; per address they quietly stop sending (no enumeration). */
export const MAIL_LIMITS = {
  ip: { bucket: "authmail.ip", limit: 20, windowSeconds: 3600 },
  email: { bucket: "authmail.email", limit: 3, windowSeconds: 3600 },
} satisfies Record<string, RateLimit>;

const passwordItem = (p: Platform, userId: string, hash: string): PasswordItem => ({
  ...passwordKey(userId),
  type: "PasswordCredential",
  userId,
  hash,
  changedAt: p.clock.now().toISOString(),
});

/** A fresh link carrying its own sign-up (password hash, name: see verifyEmail) and its email, committed together. */
async function sendVerification(
  p: Platform,
  user: StoredUser,
  pending: PendingSignUp,
  alsoWrite: TransactOp[] = [],
): Promise<void> {
  const { token, op } = emailTokenOp(p, "verify", user.id, user.email, pending);
  await commitWithEffects(p, [op, ...alsoWrite], [mailEffect(verificationEmail(p, user.email, token))]);
}

/**
 * A second sign-up for an address still unverified: from then on nobody can tell whose the stored password is, so
 * no link is resent for it (each sign-up's own link still works, and signing up again sends a new one).
 */
const contestedMark = (userId: string): TransactOp => ({
  update: profileKey(userId),
  changes: { set: { signUpContested: true } },
});

/**
 * Creates an unverified account and emails a verification link. An address that already has an account gets
 * an email saying so (or, still unverified, a link of its own) and the caller sees exactly the same answer, so
 * sign-up cannot be used to learn who has an account. The password is hashed in both cases for equal timing.
 *
 * Each verification link carries the password of its own sign-up: a squatter who registered the address first
 * cannot have the owner verify an account whose password the squatter knows, because the owner's link sets the
 * owner's password (verifyEmail). Earlier links stay valid until one is used, so a later sign-up by someone else
 * cannot replace the owner's link with its own.
 */
export async function signUp(p: Platform, input: SignupInput, origin: RequestOrigin): Promise<void> {
  await enforceRateLimit(p, MAIL_LIMITS.ip, origin.ip);
  // A name kept for a sign-up that already has an account is screened again when its link sets it (updateProfile).
  const { flagged } = screenText(p, { "profile.name": input.name });
  const email = normalizeEmail(input.email);
  const hash = await hashPassword(input.password);
  const pending: PendingSignUp = { hash, name: input.name, locale: input.locale };
  const mailAllowed = async () => (await consumeRateLimit(p, MAIL_LIMITS.email, email)).allowed;

  let existing = await findUserByEmail(p, email);
  if (!existing) {
    try {
      const user = await createUser(
        p,
        { email, name: input.name, emailVerified: false, signInMethod: "password", locale: input.locale },
        (userId) => [passwordItem(p, userId, hash)],
      );
      p.log.info("account created", { userId: user.id, method: "password" });
      for (const f of flagged) await flagContent(p, { ...f, ref: user.id, userId: user.id });
      if (await mailAllowed()) await sendVerification(p, user, pending);
      return;
    } catch (e) {
      if (!(e instanceof EmailTakenError)) throw e;
      existing = await findUserByEmail(p, email);
      if (!existing) throw e;
    }
  }
  if (!(await mailAllowed())) return;
  const unverifiedPasswordAccount = !existing.emailVerified && existing.signInMethods.includes("password");
  if (unverifiedPasswordAccount) await sendVerification(p, existing, pending, [contestedMark(existing.id)]);
  else await commitWithEffects(p, [], [mailEffect(accountExistsEmail(p, existing.email, greetingName(existing)))]);
}

/** Mail greets by name only an address that proved it is the account's: otherwise the name is anyone's text. */
const greetingName = (user: StoredUser): string | null => (user.emailVerified ? user.name : null);

/**
 * Confirms the address with a link from sign-up. The sign-up the link belongs to becomes the account's: its
 * password (and name) replace whatever an earlier, unverified sign-up with the same address set, and every other
 * outstanding verification link of the account stops working.
 */
export async function verifyEmail(p: Platform, token: string): Promise<void> {
  const { userId, email, pending } = await consumeEmailToken(p, "verify", token);
  const user = await getUser(p, userId, true);
  if (!user || user.email !== email) {
    throw badRequest("auth.verify_token_invalid", "This link is invalid or has expired. Ask for a new one.");
  }
  if (pending && !user.emailVerified) {
    await p.store.put(passwordItem(p, userId, pending.hash));
    await addSignInMethod(p, userId, "password");
    await updateProfile(p, systemActor, userId, {
      name: pending.name,
      ...(pending.locale ? { locale: pending.locale } : {}),
    });
  }
  await markEmailVerified(p, userId);
  await discardEmailTokens(p, userId, "verify");
  p.log.info("email verified", { userId });
}

/**
 * Sends a fresh verification link to an unverified password account. Always the same answer, whether the address
 * has such an account, is verified already or has none (no enumeration); per IP it answers 429, per address it
 * quietly stops sending once the mail allowance is used up.
 */
export async function resendVerification(p: Platform, rawEmail: string, origin: RequestOrigin): Promise<void> {
  await enforceRateLimit(p, MAIL_LIMITS.ip, origin.ip);
  const email = normalizeEmail(rawEmail);
  const user = await findUserByEmail(p, email);
  if (user?.status !== "active" || user.emailVerified || !user.signInMethods.includes("password")) return;
  if ((user as StoredUser & { signUpContested?: boolean }).signUpContested) {
    p.log.info("verification not resent: the address has more than one pending sign-up", { userId: user.id });
    return;
  }
  if (!(await consumeRateLimit(p, MAIL_LIMITS.email, email)).allowed) return;
  const credential = await p.store.get<PasswordItem>(passwordKey(user.id), { consistent: true });
  if (!credential) return;
  // The link carries the one sign-up there was: the stored password and the name it gave.
  await sendVerification(p, user, { hash: credential.hash, name: user.name, locale: user.locale });
  p.log.info("verification email resent", { userId: user.id });
}

const badCredentials = () => unauthorized("auth.invalid_credentials", "The email or password is not right.");

/**
 * Signs in with a password. Each attempt counts against the address and the client IP (429 + Retry-After once
 * either is used up); a successful one is given back. Unknown address, no password, or a wrong one all answer
 * the same 401 after the same work. A correct password on an unverified address answers 403.
 */
export async function logIn(p: Platform, input: LoginInput, origin: RequestOrigin): Promise<SessionTokens> {
  const email = normalizeEmail(input.email);
  const limits = loginLimits(p);
  await enforceRateLimit(p, limits.ip, origin.ip);
  await enforceRateLimit(p, limits.email, email);

  const user = await findUserByEmail(p, email);
  const credential = user ? await p.store.get<PasswordItem>(passwordKey(user.id), { consistent: true }) : undefined;
  if (!user || !credential) {
    await burnVerificationTime(input.password);
    throw badCredentials();
  }
  if (!(await verifyPassword(input.password, credential.hash))) {
    p.log.info("sign-in failed", { userId: user.id, reason: "password" });
    throw badCredentials();
  }
  await Promise.all([releaseRateLimit(p, limits.ip, origin.ip), releaseRateLimit(p, limits.email, email)]);
  if (needsRehash(credential.hash)) {
    await p.store.put(passwordItem(p, user.id, await hashPassword(input.password)));
  }
  if (!user.emailVerified) {
    throw forbidden("auth.email_not_verified", "Confirm your email first: we sent you a link when you signed up.");
  }
  return signIn(p, user, "password");
}

/** Stands in for the account of an address that has none, so both paths read and write alike. */
const NO_ACCOUNT = "NO_ACCOUNT";

/**
 * Always the same answer; an email goes out only when the address has an active account. Both paths do the same
 * work (two reads, the per-address count, a token written, the email rendered), so the time taken does not tell
 * whether the address has an account: for an unknown one the reads find nothing and the token, made for no
 * account, is never sent and expires within the hour. Only the hand-off to the mail port differs.
 */
export async function forgotPassword(p: Platform, rawEmail: string, origin: RequestOrigin): Promise<void> {
  await enforceRateLimit(p, MAIL_LIMITS.ip, origin.ip);
  const email = normalizeEmail(rawEmail);
  const found = await findUserByEmail(p, email);
  // findUserByEmail reads the address, then the account: an unknown address reads a (missing) account too.
  if (!found) await getUser(p, NO_ACCOUNT, true);
  const user = found?.status === "active" ? found : undefined;
  if (!(await consumeRateLimit(p, MAIL_LIMITS.email, email)).allowed) return;
  // Known or not, a token is written and the email rendered; only a known address's email joins the write.
  const { token, op } = emailTokenOp(p, "reset", user?.id ?? NO_ACCOUNT, email);
  const mail = resetEmail(p, email, user ? greetingName(user) : null, token);
  await commitWithEffects(p, [op], user ? [mailEffect(mail)] : []);
  if (!user) return;
  p.log.info("password reset requested", { userId: user.id });
}

/**
 * Sets a new password from a reset link. The link also proves the mailbox, so the address becomes verified;
 * every existing sign-in of the account is ended and older reset links stop working.
 */
export async function resetPassword(p: Platform, token: string, password: string): Promise<void> {
  const { userId, email } = await consumeEmailToken(p, "reset", token);
  const user = await getUser(p, userId, true);
  if (!user || user.email !== email) {
    throw badRequest("auth.reset_token_invalid", "This link is invalid or has expired. Ask for a new one.");
  }
  await p.store.put(passwordItem(p, userId, await hashPassword(password)));
  await addSignInMethod(p, userId, "password");
  await markEmailVerified(p, userId);
  await discardEmailTokens(p, userId, "reset");
  const ended = await revokeAllFamilies(p, userId, "password_reset");
  p.log.info("password reset", { userId, signInsEnded: ended });
}

/** Used when an external identity proves the address of an unverified password account: see linkIdentity. */
export async function dropPassword(p: Platform, userId: string): Promise<void> {
  await p.store.delete(passwordKey(userId));
}
