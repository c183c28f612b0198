// Account emails (verification, reset, "you already have an account"): a plain-text and an HTML part each.
import type { MailMessage, Platform } from "../platform/index.js";
import { EMAIL_TOKEN_SECONDS } from "./email-tokens.js";

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[ch]!);

/** A link into the web app; the token travels as the `token` query parameter. */
export function webLink(p: Platform, path: string, params: Record<string, string> = {}): string {
  const url = new URL(path, p.config.webUrl.endsWith("/") ? p.config.webUrl : `${p.config.webUrl}/`);
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  return url.toString();
}

function render(
  to: string,
  template: string,
  subject: string,
  parts: { greeting: string; lines: string[]; action?: { label: string; url: string }; footer: string },
): MailMessage {
  const text = [
    parts.greeting,
    "",
    ...parts.lines,
    ...(parts.action ? ["", `${parts.action.label}: ${parts.action.url}`] : []),
    "",
    parts.footer,
    "",
    "— Pactly",
  ].join("\n");
  const html = `<!doctype html><html><body style="font-family:system-ui,sans-serif;line-height:1.5;color:#1f2937">
<p>${esc(parts.greeting)}</p>
${parts.lines.map((l) => `<p>${esc(l)}</p>`).join("\n")}
${
  parts.action
    ? `<p><a href="${esc(parts.action.url)}" style="display:inline-block;padding:10px 16px;background:#4f46e5;color:#fff;border-radius:6px;text-decoration:none">${esc(parts.action.label)}</a></p>
<p style="font-size:13px;color:#6b7280">Or open this link: <a href="${esc(parts.action.url)}">${esc(parts.action.url)}</a></p>`
    : ""
}
<p style="font-size:13px;color:#6b7280">${esc(parts.footer)}</p>
<p>— Pactly</p>
</body></html>`;
  return { to, subject, text, html, template };
}

/**
 * By name only when the caller vouches the name is the owner's (a verified account); otherwise neutrally, since
 * anyone can sign up with any address and any "name" (a phishing lure with a link would be greeted by us).
 */
const greet = (name: string | null) => (name ? `Hi ${name},` : "Hello,");

const hours = EMAIL_TOKEN_SECONDS / 3600;
const validity = `The link works once and expires in ${hours === 1 ? "one hour" : `${hours} hours`}.`;

/** The address is unverified: the greeting names no one (the name came from whoever signed up). */
export const verificationEmail = (p: Platform, to: string, token: string) =>
  render(to, "auth.verify_email", "Confirm your email for Pactly", {
    greeting: greet(null),
    lines: ["Welcome to Pactly! Please confirm that this is your email address.", validity],
    action: { label: "Confirm my email", url: webLink(p, "verify-email", { token }) },
    footer: "If you did not sign up for Pactly, ignore this email: no account is active without this step.",
  });

export const resetEmail = (p: Platform, to: string, name: string | null, token: string) =>
  render(to, "auth.reset_password", "Reset your Pactly password", {
    greeting: greet(name),
    lines: ["Someone (hopefully you) asked to reset the password of your Pactly account.", validity],
    action: { label: "Choose a new password", url: webLink(p, "reset-password", { token }) },
    footer: "If you did not ask for this, ignore this email: your password stays as it is.",
  });

/** Sent instead of a second verification when someone signs up with an address that already has an account. */
export const accountExistsEmail = (p: Platform, to: string, name: string | null) =>
  render(to, "auth.account_exists", "You already have a Pactly account", {
    greeting: greet(name),
    lines: [
      "Someone tried to create a Pactly account with this email address, which already has one.",
      "If that was you, sign in instead. If you forgot your password, you can reset it from the sign-in page.",
    ],
    action: { label: "Sign in", url: webLink(p, "sign-in") },
    footer: "If it was not you, ignore this email: nothing has changed.",
  });

/** Sent to the account's address when a provider sign-in is linked to it: a new way in should never be silent. */
export const signInMethodAddedEmail = (p: Platform, to: string, name: string | null, provider: string) =>
  render(to, "auth.sign_in_method_added", `${provider} sign-in added to your Pactly account`, {
    greeting: greet(name),
    lines: [
      `You can now sign in to Pactly with ${provider}: it was linked to your account because ${provider} confirmed this email address.`,
      "If that was you, there is nothing to do.",
    ],
    action: { label: "Review my account", url: webLink(p, "profile") },
    footer:
      "If it was not you, reset your password from the sign-in page and tell us: someone may control your account at that provider.",
  });

/** To the account's address after its password changed: every other sign-in has ended. */
export const passwordChangedEmail = (p: Platform, to: string, name: string | null) =>
  render(to, "auth.password_changed", "Your Pactly password was changed", {
    greeting: greet(name),
    lines: [
      "The password of your Pactly account was just changed, and every other device was signed out.",
      "If that was you, there is nothing to do.",
    ],
    action: { label: "Sign in", url: webLink(p, "sign-in") },
    footer: "If it was not you, reset your password from the sign-in page right away.",
  });

/** To the new address: the change happens only when its owner follows the link. */
export const emailChangeEmail = (p: Platform, to: string, token: string) =>
  render(to, "auth.email_change", "Confirm your new email for Pactly", {
    greeting: greet(null),
    lines: [
      "Someone asked to use this address for their Pactly account. Confirm it is yours to make the change.",
      validity,
    ],
    action: { label: "Use this email", url: webLink(p, "confirm-email-change", { token }) },
    footer: "If you did not ask for this, ignore this email: nothing changes without this step.",
  });

/** To the current address, when a change is asked for and again when it is made. */
export const emailChangeNoticeEmail = (
  p: Platform,
  to: string,
  name: string | null,
  newEmail: string,
  stage: "requested" | "changed",
) =>
  render(
    to,
    `auth.email_change_${stage}`,
    stage === "requested" ? "A change of your Pactly email was asked for" : "Your Pactly email was changed",
    {
      greeting: greet(name),
      lines: [
        stage === "requested"
          ? `Someone signed in to your Pactly account asked to change its email to ${maskEmail(newEmail)}. It changes once that address confirms.`
          : `Your Pactly account now uses ${maskEmail(newEmail)}; emails go there from now on.`,
      ],
      action: { label: "Review my account", url: webLink(p, "settings") },
      footer: "If it was not you, reset your password from the sign-in page and tell us.",
    },
  );

/** `a***@example.com`: enough for the owner to recognise, too little to hand a full address to a reader of the mail. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf("@");
  if (at <= 0) return "***";
  return `${email[0]}***${email.slice(at)}`;
}
