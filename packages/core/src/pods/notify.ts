// Telling pod members what happened, by email in their own timezone: invited, pod active, member left, completed…

import { DateTime } from "luxon";
import { getUser, wantsEmail } from "../accounts/index.js";
import { getSprintType } from "../catalog/index.js";
import { describeSlots } from "../matching/index.js";
import { type Effect, mailEffect, type Platform } from "../platform/index.js";
import { type MemberItem, type PodItem, weeklySlotsOf } from "./records.js";

export type PodEmail =
  | "pod_invited"
  | "pod_active"
  | "pod_member_left"
  | "pod_completed"
  | "pod_disbanded"
  | "pod_moved";

/** Invitations are needed to take part, so they go out whatever the settings; the rest honour "pod updates". */
const ESSENTIAL: ReadonlySet<PodEmail> = new Set(["pod_invited", "pod_moved"]);

const when = (iso: string, timezone: string) =>
  DateTime.fromISO(iso, { zone: timezone }).toFormat("cccc d LLLL, HH:mm") + ` (${timezone})`;

interface Content {
  subject: string;
  lines: string[];
}

function content(
  template: PodEmail,
  ctx: { sprintName: string; meetingTime: string; pod: PodItem; member: MemberItem; link: string; others: number },
): Content {
  const { sprintName, meetingTime, pod, member } = ctx;
  const tz = member.snapshot.timezone;
  switch (template) {
    case "pod_invited":
      return {
        subject: `You've been matched into a ${sprintName} pod`,
        lines: [
          `We found ${ctx.others} learners who fit you well for ${sprintName}.`,
          `You can all meet ${meetingTime} your time.`,
          member.invitedUntil
            ? `Accept or decline by ${when(member.invitedUntil, tz)}; after that your place goes to someone else.`
            : "Accept or decline soon; your place is kept for a short while.",
        ],
      };
    case "pod_moved":
      return {
        subject: `Your ${sprintName} pod has joined another one`,
        lines: [
          "Your pod got too small, so we brought you together with another pod that fits you.",
          `You now meet ${meetingTime} your time.`,
        ],
      };
    case "pod_active":
      return {
        subject: `Your ${sprintName} pod is on`,
        lines: [
          `Everyone has answered and your pod of ${ctx.others + 1} is active.`,
          `You meet ${meetingTime} your time.`,
          pod.endsAt ? `The sprint runs until ${when(pod.endsAt, tz)}.` : "",
        ],
      };
    case "pod_member_left":
      return {
        subject: `A member left your ${sprintName} pod`,
        lines: [
          "One of your pod-mates has left the pod.",
          "We are looking for someone who can meet at your usual time; you'll hear from us when they join.",
          `Your sessions stay ${meetingTime} your time.`,
        ],
      };
    case "pod_completed":
      return {
        subject: `Your ${sprintName} sprint is complete`,
        lines: [
          "Your pod's sprint has ended. Well done for showing up!",
          "You can join a new sprint whenever you like.",
        ],
      };
    case "pod_disbanded":
      return {
        subject: `Your ${sprintName} pod could not go ahead`,
        lines: [
          "Not enough members could take part, so the pod has been closed.",
          "You are back on the waitlist, first in line for the next pod.",
        ],
      };
  }
}

/**
 * One template for the given members, as outbox effects: committed with the change that causes them and sent after
 * it (see platform/effects.ts), so no request waits on the mail service and a failed send is retried. Members who
 * switched pod updates off, and erased members, get nothing.
 */
export async function podEmails(
  p: Platform,
  pod: PodItem,
  recipients: readonly MemberItem[],
  template: PodEmail,
  others = recipients.length - 1,
): Promise<Effect[]> {
  if (recipients.length === 0) return [];
  const sprintName = await getSprintType(p, pod.sprintType).then(
    (s) => s.name,
    () => pod.sprintType,
  );
  const link = `${p.config.webUrl.replace(/\/$/, "")}/pods/${pod.id}`;
  const mails = await Promise.all(
    recipients
      .filter((m) => !m.erased)
      .map(async (member): Promise<Effect | undefined> => {
        const user = await getUser(p, member.userId);
        if (!user?.email) return undefined;
        if (!ESSENTIAL.has(template) && !(await wantsEmail(p, member.userId, "podUpdates"))) return undefined;
        const meetingTime = describeSlots(weeklySlotsOf(pod), member.snapshot.timezone, p.clock.now());
        const c = content(template, { sprintName, meetingTime, pod, member, link, others });
        const greeting = `Hi ${user.name?.trim() || "there"},`;
        const body = [greeting, "", ...c.lines.filter(Boolean), "", `See your pod: ${link}`];
        return mailEffect({
          to: user.email,
          subject: c.subject,
          text: body.join("\n"),
          html: body.map((l) => (l ? `<p>${escapeHtml(l)}</p>` : "")).join(""),
          template,
        });
      }),
  );
  return mails.filter((m): m is Effect => m !== undefined);
}

const escapeHtml = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
