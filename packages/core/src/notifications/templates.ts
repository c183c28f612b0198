// The words of every notification, with an HTML and a text part, times in the recipient's timezone.
import { DateTime } from "luxon";
import { describeSlot } from "../matching/index.js";
import type { NotificationData, NotificationKind, PushMessage, SessionNotice } from "./model.js";

/** Who a message is for and where its links go; `now` picks which week a slot is described in (DST). */
export interface RenderContext {
  name: string;
  timezone: string;
  now: Date;
  webUrl: string;
  /** Present when the kind can be unsubscribed from: the signed one-click link and what it stops. */
  unsubscribe?: { url: string; label: string };
}

/** A message before layout: plain lines, each a paragraph; never HTML. */
export interface Content {
  subject: string;
  lines: string[];
  action: { label: string; url: string };
  /** A short line for a push notification. */
  short: string;
}

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

/** "Tuesday 3 March, 19:00 (Europe/London)": a day, a 24-hour time, and the zone it is read in. */
export const localTime = (iso: string, timezone: string) =>
  `${DateTime.fromISO(iso, { zone: timezone }).setLocale("en-GB").toFormat("cccc d LLLL, HH:mm")} (${timezone})`;

const clockTime = (iso: string, timezone: string) =>
  DateTime.fromISO(iso, { zone: timezone }).setLocale("en-GB").toFormat("HH:mm");

const slotsIn = (slots: NotificationData["pod_active"]["slots"], timezone: string, now: Date) => {
  const parts = slots.map((s) => describeSlot(s, timezone, now));
  return parts.length <= 1
    ? (parts[0] ?? "at your pod's time")
    : `${parts.slice(0, -1).join(", ")} and ${parts.at(-1)}`;
};

const sessionLink = (ctx: RenderContext, s: SessionNotice) =>
  `${ctx.webUrl}/sessions/${encodeURIComponent(s.sessionId)}`;
const podLink = (ctx: RenderContext, podId: string) => `${ctx.webUrl}/pods/${encodeURIComponent(podId)}`;

type Renderers = { [K in NotificationKind]: (data: NotificationData[K], ctx: RenderContext) => Content };

const RENDER: Renderers = {
  pod_invited: (d, ctx) => ({
    subject: `You've been matched into a ${d.sprintName} pod`,
    lines: [
      `We found ${d.others} learners who fit you well for ${d.sprintName}.`,
      `You can all meet ${slotsIn(d.slots, ctx.timezone, ctx.now)} your time.`,
      d.invitedUntil
        ? `Accept or decline by ${localTime(d.invitedUntil, ctx.timezone)}; after that your place goes to someone else.`
        : "Accept or decline soon; your place is kept for a short while.",
    ],
    action: { label: "See your pod", url: podLink(ctx, d.podId) },
    short: `A ${d.sprintName} pod is waiting for your answer.`,
  }),
  pod_moved: (d, ctx) => ({
    subject: `Your ${d.sprintName} pod has joined another one`,
    lines: [
      "Your pod got too small, so we brought you together with another pod that fits you.",
      `You now meet ${slotsIn(d.slots, ctx.timezone, ctx.now)} your time.`,
    ],
    action: { label: "See your pod", url: podLink(ctx, d.podId) },
    short: "Your pod has joined another one.",
  }),
  pod_active: (d, ctx) => ({
    subject: `Your ${d.sprintName} pod is on`,
    lines: [
      `Everyone has answered and your pod of ${d.others + 1} is active.`,
      `You meet ${slotsIn(d.slots, ctx.timezone, ctx.now)} your time.`,
      ...(d.endsAt ? [`The sprint runs until ${localTime(d.endsAt, ctx.timezone)}.`] : []),
    ],
    action: { label: "See your pod", url: podLink(ctx, d.podId) },
    short: `Your ${d.sprintName} pod is on.`,
  }),
  pod_member_left: (d, ctx) => ({
    subject: `A member left your ${d.sprintName} pod`,
    lines: [
      "One of your pod-mates has left the pod.",
      "We are looking for someone who can meet at your usual time; you'll hear from us when they join.",
      `Your sessions stay ${slotsIn(d.slots, ctx.timezone, ctx.now)} your time.`,
    ],
    action: { label: "See your pod", url: podLink(ctx, d.podId) },
    short: "A member left your pod.",
  }),
  pod_completed: (d, ctx) => ({
    subject: `Your ${d.sprintName} sprint is complete`,
    lines: ["Your pod's sprint has ended. Well done for showing up!", "You can join a new sprint whenever you like."],
    action: { label: "See your pod", url: podLink(ctx, d.podId) },
    short: "Your sprint is complete. Well done!",
  }),
  pod_disbanded: (d, ctx) => ({
    subject: `Your ${d.sprintName} pod could not go ahead`,
    lines: [
      "Not enough members could take part, so the pod has been closed.",
      "You are back on the waitlist, first in line for the next pod.",
    ],
    action: { label: "See your pod", url: podLink(ctx, d.podId) },
    short: "Your pod could not go ahead; you are first in line for the next one.",
  }),
  session_reminder_24h: (d, ctx) => ({
    subject: `Tomorrow: your ${d.sprintName} session at ${clockTime(d.startsAt, ctx.timezone)}`,
    lines: [
      `Your pod meets tomorrow, ${localTime(d.startsAt, ctx.timezone)}.`,
      "If you can't make it, tell your pod on the session page so they can plan around you.",
    ],
    action: { label: "Open the session", url: sessionLink(ctx, d) },
    short: `Tomorrow at ${clockTime(d.startsAt, ctx.timezone)}: your ${d.sprintName} session.`,
  }),
  session_reminder_1h: (d, ctx) => ({
    subject: `In an hour: your ${d.sprintName} session at ${clockTime(d.startsAt, ctx.timezone)}`,
    lines: [
      `Your pod meets in an hour, ${localTime(d.startsAt, ctx.timezone)}.`,
      "The join button on the session page takes you straight into the room.",
    ],
    action: { label: "Join the session", url: sessionLink(ctx, d) },
    short: `In an hour, at ${clockTime(d.startsAt, ctx.timezone)}: your ${d.sprintName} session.`,
  }),
  checkin_nudge: (d, ctx) => ({
    subject: `How did your ${d.sprintName} session go?`,
    lines: [
      `Your session of ${localTime(d.startsAt, ctx.timezone)} is over.`,
      "Check in while it's fresh: did you take part, how hard was it, one win and one thing to tweak. Your pod-mates see it.",
    ],
    action: { label: "Check in", url: `${sessionLink(ctx, d)}#check-in` },
    short: "Check in on today's session while it's fresh.",
  }),
  session_rescheduled: (d, ctx) => ({
    subject: `Your ${d.sprintName} session has moved`,
    lines: [
      `The session of ${localTime(d.previousStartsAt, ctx.timezone)} now takes place ${localTime(d.startsAt, ctx.timezone)}.`,
      ...(d.reason ? [`The reason given: ${d.reason}`] : []),
    ],
    action: { label: "Open the session", url: sessionLink(ctx, d) },
    short: `Your session moved to ${localTime(d.startsAt, ctx.timezone)}.`,
  }),
  session_cancelled: (d, ctx) => ({
    subject: `Your ${d.sprintName} session is cancelled`,
    lines: [
      `The session of ${localTime(d.startsAt, ctx.timezone)} will not take place.`,
      ...(d.reason ? [`The reason given: ${d.reason}`] : []),
      "Your other sessions are unchanged.",
    ],
    action: { label: "Open the session", url: sessionLink(ctx, d) },
    short: `The session of ${localTime(d.startsAt, ctx.timezone)} is cancelled.`,
  }),
  weekly_summary: (d, ctx) => ({
    subject: "Your week on Pactly",
    lines:
      d.sections.length > 0
        ? d.sections.flatMap((s) => [`${s.title}:`, ...s.lines.map((l) => `• ${l}`)])
        : ["Nothing is planned yet. Set a goal and join a sprint to be matched into a pod."],
    action: { label: "Open Pactly", url: `${ctx.webUrl}/` },
    short: "Your week on Pactly.",
  }),
  review_reminder: (d, ctx) => ({
    subject: d.due === 1 ? "One review is due today" : `${d.due} reviews are due today`,
    lines: [
      `${d.due === 1 ? "One card is" : `${d.due} cards are`} ready for review. A few minutes now keeps what you learnt from fading.`,
    ],
    action: { label: "Review now", url: `${ctx.webUrl}/reviews` },
    short: `${d.due} review${d.due === 1 ? "" : "s"} due today.`,
  }),
  coach_notes_ready: (d, ctx) => ({
    subject: `Notes from your ${d.sprintName} session are ready`,
    lines: [
      `The coach wrote up your session of ${localTime(d.startsAt, ctx.timezone)}: a summary, the decisions, ${
        d.actionItems === 1 ? "one action item" : `${d.actionItems} action items`
      }, a short quiz and the proof to check in with.`,
    ],
    action: { label: "Read the notes", url: `${sessionLink(ctx, d)}#coach` },
    short: `Notes from your ${d.sprintName} session are ready.`,
  }),
  moderation_decision: (d, ctx) => ({
    subject:
      d.outcome === "warn"
        ? "A warning about something you posted on Pactly"
        : d.outcome === "ban"
          ? "Your Pactly account is closed to new activity"
          : "Your Pactly account is suspended",
    lines: [
      d.outcome === "warn"
        ? "A report about you was upheld by our moderators. This is a warning: nothing else changes for now."
        : d.outcome === "ban"
          ? "A report about you was upheld by our moderators, and your account can no longer post or join anything."
          : `A report about you was upheld by our moderators. Your account is suspended until ${localTime(d.until!, ctx.timezone)}: you can still sign in and read, but not post or join.`,
      `The moderator's reason: ${d.note}`,
      "If you think this is wrong, you can appeal the decision once, from your account.",
    ],
    action: { label: "See the decision and appeal", url: `${ctx.webUrl}/account/standing` },
    short: "A moderation decision about your account.",
  }),
  appeal_decided: (d, ctx) => ({
    subject: d.outcome === "overturned" ? "Your appeal was accepted" : "Your appeal was turned down",
    lines: [
      d.outcome === "overturned"
        ? "A moderator looked at your appeal again and overturned the decision: it no longer counts against you."
        : "A moderator looked at your appeal again and kept the decision.",
      `The moderator's reason: ${d.note}`,
    ],
    action: { label: "See your account's standing", url: `${ctx.webUrl}/account/standing` },
    short: d.outcome === "overturned" ? "Your appeal was accepted." : "Your appeal was turned down.",
  }),
};

export function contentOf<K extends NotificationKind>(type: K, data: NotificationData[K], ctx: RenderContext): Content {
  return (RENDER[type] as (d: NotificationData[K], c: RenderContext) => Content)(data, ctx);
}

/** Names, titles and reasons come from learners: everything is escaped before it enters the HTML part. */
export const escapeHtml = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");

const settingsUrl = (ctx: RenderContext) => `${ctx.webUrl}/notifications`;

/** The message with its greeting, button and footer, as a text part and an HTML part saying the same. */
export function layout(content: Content, ctx: RenderContext): RenderedEmail {
  const greeting = `Hi ${ctx.name.trim() || "there"},`;
  const footer = [
    ctx.unsubscribe
      ? `You get this email because of your setting for ${ctx.unsubscribe.label}. Stop them with one click: ${ctx.unsubscribe.url}`
      : "",
    `Choose what we send you: ${settingsUrl(ctx)}`,
  ].filter(Boolean);
  const text = [
    greeting,
    "",
    ...content.lines.flatMap((l) => [l, ""]),
    `${content.action.label}: ${content.action.url}`,
    "",
    "—",
    ...footer,
  ].join("\n");
  const p = (s: string) => `<p style="margin:0 0 16px">${escapeHtml(s)}</p>`;
  const link = (url: string, label: string, style = "") =>
    `<a href="${escapeHtml(url)}"${style ? ` style="${style}"` : ""}>${escapeHtml(label)}</a>`;
  const html = [
    '<!doctype html><html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width,initial-scale=1">',
    `<title>${escapeHtml(content.subject)}</title></head>`,
    '<body style="margin:0;padding:24px;background:#f6f6f4;font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:#1c1c1a;line-height:1.5">',
    '<div style="max-width:560px;margin:0 auto;background:#ffffff;border-radius:8px;padding:24px">',
    p(greeting),
    ...content.lines.map(p),
    `<p style="margin:24px 0">${link(
      content.action.url,
      content.action.label,
      "display:inline-block;background:#1c1c1a;color:#ffffff;padding:10px 18px;border-radius:6px;text-decoration:none",
    )}</p>`,
    '<hr style="border:none;border-top:1px solid #e4e4e0;margin:24px 0">',
    '<p style="margin:0;font-size:13px;color:#5f5f5a">',
    ctx.unsubscribe
      ? `You get this email because of your setting for ${escapeHtml(ctx.unsubscribe.label)}. ${link(ctx.unsubscribe.url, "Unsubscribe")} · `
      : "",
    `${link(settingsUrl(ctx), "Choose what we send you")}</p>`,
    "</div></body></html>",
  ].join("");
  return { subject: content.subject, text, html };
}

export const renderEmail = <K extends NotificationKind>(type: K, data: NotificationData[K], ctx: RenderContext) =>
  layout(contentOf(type, data, ctx), ctx);

export function pushMessageOf<K extends NotificationKind>(
  type: K,
  data: NotificationData[K],
  ctx: RenderContext,
): PushMessage {
  const c = contentOf(type, data, ctx);
  const about = "sessionId" in data ? data.sessionId : "podId" in data ? data.podId : "summary";
  return { title: c.subject, body: c.short, url: c.action.url, tag: `${type}:${about}` };
}
