// Changing the password or the email of a signed-in account: both need a recent sign-in, both tell the owner.
import type { Actor } from "../access/index.js";
import {
  addSignInMethod,
  changeEmail,
  findUserByEmail,
  getUser,
  normalizeEmail,
  passwordKey,
  type StoredUser,
} from "../accounts/index.js";
import {
  badRequest,
  commitWithEffects,
  consumeRateLimit,
  type Item,
  mailEffect,
  notFound,
  type Platform,
  unauthorized,
} from "../platform/index.js";
import { consumeEmailToken, discardEmailTokens, emailTokenOp } from "./email-tokens.js";
import { accountExistsEmail, emailChangeEmail, emailChangeNoticeEmail, passwordChangedEmail } from "./emails.js";
import { MAIL_LIMITS } from "./password-auth.js";
import { hashPassword, verifyPassword } from "./passwords.js";
import { revokeAllFamilies } from "./refresh-tokens.js";
import { requireRecentSignIn, type SessionTokens, signIn } from "./sessions.js";

type PasswordItem = Item & { type: "PasswordCredential"; userId: string; hash: string; changedAt: string };

async function activeUser(p: Platform, userId: string): Promise<StoredUser> {
  const user = await getUser(p, userId, true);
  if (user?.status !== "active") throw notFound("account.not_found", "This account no longer exists.");
  return user;
}

/**
 * Sets a new password. Besides a recent sign-in, an account that has a password must give it: a device left signed
 * in is not enough to lock its owner out. Every sign-in ends, the owner is told by email, and the device that made
 * the change gets a fresh sign-in (returned), so only it stays signed in.
 */
export async function changePassword(
  p: Platform,
  actor: Actor,
  input: { currentPassword?: string | undefined; newPassword: string },
): Promise<SessionTokens> {
  requireRecentSignIn(p, actor);
  const user = await activeUser(p, actor.userId);
  const current = await p.store.get<PasswordItem>(passwordKey(user.id), { consistent: true });
  if (current) {
    if (!input.currentPassword || !(await verifyPassword(input.currentPassword, current.hash))) {
      throw unauthorized("auth.wrong_password", "Your current password is not right.");
    }
  }
  const now = p.clock.now().toISOString();
  const credential: PasswordItem = {
    ...passwordKey(user.id),
    type: "PasswordCredential",
    userId: user.id,
    hash: await hashPassword(input.newPassword),
    changedAt: now,
  };
  await commitWithEffects(
    p,
    [{ put: credential }],
    [mailEffect(passwordChangedEmail(p, user.email, user.emailVerified ? user.name : null))],
  );
  const withPassword = await addSignInMethod(p, user.id, "password");
  await discardEmailTokens(p, user.id, "reset");
  const ended = await revokeAllFamilies(p, user.id, "password_change");
  p.log.info("password changed", { userId: user.id, signInsEnded: ended });
  return signIn(p, withPassword ?? user, "password");
}

/**
 * Asks to move the account to another address: a link goes to the new address, and the current one is told. The
 * answer is the same whether or not the new address has an account (that address is told instead), so the form
 * cannot be used to learn who has one.
 */
export async function requestEmailChange(p: Platform, actor: Actor, rawEmail: string): Promise<void> {
  requireRecentSignIn(p, actor);
  const user = await activeUser(p, actor.userId);
  const email = normalizeEmail(rawEmail);
  if (email === user.email) throw badRequest("account.email_unchanged", "This is already your email address.");
  if (!(await consumeRateLimit(p, MAIL_LIMITS.email, email)).allowed) return;
  const name = user.emailVerified ? user.name : null;
  const notice = mailEffect(emailChangeNoticeEmail(p, user.email, name, email, "requested"));
  if (await findUserByEmail(p, email)) {
    await commitWithEffects(p, [], [mailEffect(accountExistsEmail(p, email, null)), notice]);
    return;
  }
  const { token, op } = emailTokenOp(p, "email_change", user.id, email);
  await commitWithEffects(p, [op], [mailEffect(emailChangeEmail(p, email, token)), notice]);
}

/**
 * Follows the link sent to the new address: the account moves there (unless someone took the address meanwhile),
 * the old address is told, other change links stop working, and every sign-in ends.
 */
export async function confirmEmailChange(p: Platform, token: string): Promise<void> {
  const { userId, email } = await consumeEmailToken(p, "email_change", token);
  const before = await activeUser(p, userId);
  const after = await changeEmail(p, userId, email);
  await discardEmailTokens(p, userId, "email_change");
  await discardEmailTokens(p, userId, "reset");
  const name = after.emailVerified ? after.name : null;
  await commitWithEffects(p, [], [mailEffect(emailChangeNoticeEmail(p, before.email, name, after.email, "changed"))]);
  const ended = await revokeAllFamilies(p, userId, "email_change");
  p.log.info("email changed", { userId, signInsEnded: ended });
}
