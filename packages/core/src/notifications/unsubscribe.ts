// Signed one-click unsubscribe links (RFC 8058): the token names the learner and the setting, and an HMAC proves we
// wrote it, so it works without signing in and cannot be pointed at anyone else's settings.
import { createHmac, timingSafeEqual } from "node:crypto";
import { getUser, type NotificationType as SettingsCategory, setNotificationChannel } from "../accounts/index.js";
import { badRequest, type Platform } from "../platform/index.js";
import { CATEGORY_LABELS, UNSUBSCRIBABLE } from "./model.js";
import { unsubscribeSecret } from "./secrets.js";

const TOKEN = /^([0-9A-Za-z]{1,64})\.([A-Za-z]{1,32})\.([A-Za-z0-9_-]{43})$/;

const signature = (secret: string, userId: string, category: string) =>
  createHmac("sha256", secret).update(`unsubscribe\n${userId}\n${category}`).digest("base64url");

export async function unsubscribeToken(p: Platform, userId: string, category: SettingsCategory): Promise<string> {
  return `${userId}.${category}.${signature(await unsubscribeSecret(p), userId, category)}`;
}

export async function unsubscribeUrl(p: Platform, userId: string, category: SettingsCategory): Promise<string> {
  return `${p.config.apiUrl.replace(/\/$/, "")}/v1/unsubscribe/${await unsubscribeToken(p, userId, category)}`;
}

export interface UnsubscribeTarget {
  userId: string;
  category: SettingsCategory;
  /** "session reminders", for the page. */
  label: string;
}

const invalid = () =>
  badRequest(
    "notifications.invalid_unsubscribe_link",
    "This unsubscribe link is not valid. Copy the whole link from the email, or change what we send in your settings.",
  );

/** Who and what a token unsubscribes; a token we did not sign, or one changed by a single character, is refused. */
export async function readUnsubscribeToken(p: Platform, token: string): Promise<UnsubscribeTarget> {
  const m = TOKEN.exec(token);
  if (!m) throw invalid();
  const [, userId, category, given] = m as unknown as [string, string, SettingsCategory, string];
  if (!UNSUBSCRIBABLE.includes(category)) throw invalid();
  const expected = Buffer.from(signature(await unsubscribeSecret(p), userId, category));
  const actual = Buffer.from(given);
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) throw invalid();
  return { userId, category, label: CATEGORY_LABELS[category] };
}

/** The one-click: that setting's emails off, the rest untouched. Repeating it changes nothing more. */
export async function unsubscribe(p: Platform, token: string): Promise<UnsubscribeTarget> {
  const target = await readUnsubscribeToken(p, token);
  // An erased account has nothing left to switch off, and must not get a preferences record back.
  if (await getUser(p, target.userId)) await setNotificationChannel(p, target.userId, target.category, "email", false);
  return target;
}
