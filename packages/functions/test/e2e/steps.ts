// What a learner does in the browser, one step per function, each waiting for what the learner would see.
import type { Page } from "playwright-core";
import { expect } from "vitest";
import { type E2E, linkIn } from "./harness.js";

export interface Learner {
  name: string;
  email: string;
  password: string;
}

/** The visible page heading (every page has one <h1>). */
export async function heading(page: Page): Promise<string> {
  return (await page.locator("h1").first().textContent({ timeout: 15_000 }))?.trim() ?? "";
}

export async function expectHeading(page: Page, text: string | RegExp) {
  await page.getByRole("heading", { level: 1, name: text }).waitFor();
}

/** Sign up → the verification email in the outbox → open its link → sign in with the password. */
export async function signUpAndVerify(e2e: E2E, page: Page, who: Learner, shots?: string) {
  await page.goto("/sign-up");
  await expectHeading(page, "Create your account");
  await page.getByLabel("Your name").fill(who.name);
  await page.getByLabel("Email").fill(who.email);
  await page.getByLabel("Password").fill(who.password);
  if (shots) await e2e.screenshot(page, `${shots}-sign-up`);
  await page.getByRole("button", { name: "Create account" }).click();
  await expectHeading(page, "Check your email");

  const mail = await e2e.mail(who.email, /confirm your email/i);
  const link = linkIn(mail, "/verify-email?token=");
  expect(new URL(link).origin).toBe(e2e.url);
  await page.goto(link);
  await page.getByText("Your email is verified.").waitFor();
  if (shots) await e2e.screenshot(page, `${shots}-verified`);
  await page.getByRole("link", { name: "Sign in" }).click();
  await signIn(page, who);
}

export async function signIn(page: Page, who: Pick<Learner, "email" | "password">) {
  await expectHeading(page, "Sign in");
  await page.getByLabel("Email", { exact: true }).fill(who.email);
  await page.getByLabel("Password").fill(who.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}
