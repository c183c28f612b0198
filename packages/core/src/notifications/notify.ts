// The one way a domain tells a learner something: the outbox effects of an email (and web push where the kind has it),
// honouring the learner's per-type settings and quiet hours, with a signed one-click unsubscribe link.
import { getUser, preferencesOf } from "../accounts/index.js";
import { isKnownTimezone } from "../matching/index.js";
import { type Effect, isAppError, mailEffect, type Platform } from "../platform/index.js";
import { CATEGORY_LABELS, KIND_POLICY, type NotificationKind, type NotificationRequest } from "./model.js";
import { subscriptionsOf } from "./push.js";
import { sendTimeAfterQuietHours } from "./quiet-hours.js";
import { pushMessageOf, type RenderContext, renderEmail } from "./templates.js";
import { unsubscribeUrl } from "./unsubscribe.js";

/** The job that delivers one push message to one device (notifications' module). */
export const PUSH_JOB = "notifications.push";

/** How long a push service keeps trying a message nobody has collected: a day, or until the session starts. */
const PUSH_TTL_SECONDS = 24 * 3600;

/** A server without an unsubscribe secret still sends its emails, without the link, and says so in the log. */
const unconfigured = (p: Platform) => (e: unknown) => {
  if (isAppError(e) && e.code === "notifications.not_configured") {
    p.log.warn("no unsubscribe secret configured: email sent without an unsubscribe link");
    return undefined;
  }
  throw e;
};

/**
 * The outbox effects that tell `userId` about something, to commit with the change that causes it
 * (`commitWithEffects(p, ops, effects)`): an email with HTML and text parts, times in the learner's timezone, and a
 * push message to each device they opted in when the kind goes by push. Nothing for a kind the learner switched off
 * (each channel on its own), for an erased account, or one without an address. Inside the learner's quiet hours the
 * effects wait for the window's end, unless that would pass the kind's deadline (a reminder after the session began):
 * then they go at once.
 */
export async function notificationEffects<K extends NotificationKind>(
  p: Platform,
  request: NotificationRequest<K>,
): Promise<Effect[]> {
  const { userId, type, data } = request as NotificationRequest;
  const policy = KIND_POLICY[type];
  const [user, prefs] = await Promise.all([getUser(p, userId), preferencesOf(p, userId)]);
  // A suspended learner hears only about their account's standing (decisions, appeals).
  const aboutStanding = type === "moderation_decision" || type === "appeal_decided";
  if (!user || (user.status === "suspended" && !aboutStanding)) return [];
  const settings = policy.category ? prefs.notifications[policy.category] : { email: true, push: false };
  const wantsEmail = settings.email && Boolean(user.email);
  const wantsPush = policy.push && settings.push;
  if (!wantsEmail && !wantsPush) return [];

  // The learner's timezone as it is now; a hint from the caller only when they never saved preferences.
  const hint = request.timezoneHint;
  const timezone = !prefs.updatedAt && hint && isKnownTimezone(hint) ? hint : prefs.timezone;
  const now = p.clock.now();
  const wanted = request.notBefore && new Date(request.notBefore) > now ? new Date(request.notBefore) : now;
  let sendAt = sendTimeAfterQuietHours(wanted, prefs.quietHours, timezone);
  const deadline = (policy.deadline as ((d: unknown) => string | undefined) | undefined)?.(data);
  if (deadline && sendAt > new Date(deadline) && sendAt > wanted) sendAt = wanted;
  const notBefore = sendAt > now ? { notBefore: sendAt.toISOString() } : {};

  const ctx: RenderContext = {
    name: user.name ?? "",
    timezone,
    now,
    webUrl: p.config.webUrl.replace(/\/$/, ""),
    ...(policy.category
      ? {
          unsubscribe: {
            url: await unsubscribeUrl(p, userId, policy.category),
            label: CATEGORY_LABELS[policy.category],
          },
        }
      : {}),
  };
  const effects: Effect[] = [];
  if (wantsEmail) {
    const email = renderEmail(type, data as never, ctx);
    effects.push({
      ...mailEffect({
        to: user.email,
        subject: email.subject,
        text: email.text,
        html: email.html,
        template: type,
        ...(ctx.unsubscribe
          ? {
              headers: {
                "List-Unsubscribe": `<${ctx.unsubscribe.url}>`,
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
              },
            }
          : {}),
      }),
      ...notBefore,
      ...(request.onlyIf ? { onlyIf: request.onlyIf } : {}),
    });
  }
  if (wantsPush) {
    const devices = await subscriptionsOf(p, userId);
    if (devices.length > 0) {
      const message = pushMessageOf(type, data as never, ctx);
      const until = deadline ? Math.floor((new Date(deadline).getTime() - sendAt.getTime()) / 1000) : PUSH_TTL_SECONDS;
      const ttlSeconds = Math.max(60, Math.min(PUSH_TTL_SECONDS, until));
      for (const device of devices) {
        effects.push({
          kind: "job",
          job: PUSH_JOB,
          payload: { userId, subscriptionId: device.subscriptionId, message, ttlSeconds },
          ...notBefore,
          ...(request.onlyIf ? { onlyIf: request.onlyIf } : {}),
        });
      }
    }
  }
  return effects;
}
