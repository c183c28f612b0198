// Single-use email tokens (verification, password reset, change of address): one hour, stored hashed, deleted when used.
import { ownerIndex } from "../accounts/index.js";
import {
  badRequest,
  epochSeconds,
  type Item,
  isConditionFailed,
  type Platform,
  type TransactOp,
} from "../platform/index.js";
import { EmailToken } from "./keys.js";
import { randomToken, tokenHash } from "./secrets.js";

export const EMAIL_TOKEN_SECONDS = 3600;
export type EmailTokenPurpose = "verify" | "reset" | "email_change";

type EmailTokenItem = Item & {
  type: "EmailToken";
  purpose: EmailTokenPurpose;
  userId: string;
  /** The address the token was sent to: a token for an old address does not verify a new one. */
  email: string;
  /**
   * Verification only: the sign-up this link answers (its password hash, name, locale). Clicking the link makes
   * that sign-up the account's, so the password that counts is the one of the link's own sign-up.
   */
  hash?: string;
  name?: string;
  locale?: string;
  createdAt: string;
};

/** A pending sign-up carried by its verification link. */
export interface PendingSignUp {
  hash: string;
  name: string;
  locale?: string | undefined;
}

const key = (token: string) => EmailToken.key("byValue", { tokenHash: tokenHash(token) });

/** A new token and the write that stores it: commit it with the email that carries the link. */
export function emailTokenOp(
  p: Platform,
  purpose: EmailTokenPurpose,
  userId: string,
  email: string,
  pending?: PendingSignUp,
): { token: string; op: TransactOp } {
  const token = randomToken();
  const now = p.clock.now();
  const item: EmailTokenItem = {
    ...key(token),
    ...ownerIndex(userId, `EMAILTOKEN#${purpose}#${now.toISOString()}`),
    type: "EmailToken",
    purpose,
    userId,
    email,
    ...(pending
      ? { hash: pending.hash, name: pending.name, ...(pending.locale ? { locale: pending.locale } : {}) }
      : {}),
    createdAt: now.toISOString(),
    expiresAt: epochSeconds(now) + EMAIL_TOKEN_SECONDS,
  };
  return { token, op: { put: item, condition: { absent: true } } };
}

/**
 * Uses a token up. The delete is conditional on the token still being there, so two requests with one token
 * cannot both pass. Unknown, used, expired or other-purpose tokens all answer the same 400.
 */
export async function consumeEmailToken(
  p: Platform,
  purpose: EmailTokenPurpose,
  token: string,
): Promise<{ userId: string; email: string; pending?: PendingSignUp }> {
  const invalid = badRequest(
    `auth.${purpose}_token_invalid`,
    "This link is invalid or has expired. Ask for a new one.",
  );
  const item = await p.store.get<EmailTokenItem>(key(token), { consistent: true });
  if (!item || item.purpose !== purpose) throw invalid;
  try {
    await p.store.delete(key(token), { equals: { purpose } });
  } catch (e) {
    if (isConditionFailed(e)) throw invalid;
    throw e;
  }
  // TTL deletion is lazy (up to days late): the expiry is checked here, not left to the table.
  if ((item.expiresAt ?? 0) <= epochSeconds(p.clock.now())) throw invalid;
  const pending = item.hash && item.name ? { hash: item.hash, name: item.name, locale: item.locale } : undefined;
  return { userId: item.userId, email: item.email, ...(pending ? { pending } : {}) };
}

/** Deletes a user's other outstanding tokens of a purpose (after a reset, older reset links stop working). */
export async function discardEmailTokens(p: Platform, userId: string, purpose: EmailTokenPurpose): Promise<void> {
  const items = await p.store.queryAll<EmailTokenItem>(EmailToken.query("outstanding", { userId, purpose }));
  await Promise.all(items.map((i) => p.store.delete({ pk: i.pk, sk: i.sk })));
}
