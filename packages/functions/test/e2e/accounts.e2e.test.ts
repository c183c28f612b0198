// Account pages in a real browser: a session survives a reload through the refresh cookie and onboarding resumes
// where it stopped; signing out ends it; a forgotten password is reset from the emailed link.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DESKTOP, type E2E, linkIn, PHONE, startE2E } from "./harness.js";
import { checkPage, expectHeading, navigate, signIn, signUpAndVerify } from "./steps.js";

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(async () => {
  await e2e?.stop();
});

describe("accounts", () => {
  it("keeps the session across a reload, resumes onboarding, and signs out", async () => {
    const { page, problems } = await e2e.open({ ...DESKTOP, timezoneId: "America/New_York" }, "desktop");
    const who = { name: "Katherine Johnson", email: "katherine@example.com", password: "orbital mechanics 1962" };
    await signUpAndVerify(e2e, page, who);
    await expectHeading(page, "Set up your account");
    await page.getByRole("button", { name: "Continue" }).click();
    await page.getByRole("heading", { level: 2, name: "Your timezone" }).waitFor();

    // The access token lived in memory only: the reload gets a new one from the refresh cookie.
    await page.reload();
    await page.getByRole("heading", { level: 2, name: "Your timezone" }).waitFor();
    await page.getByText("Step 2 of 5").waitFor();

    await page.getByRole("button", { name: "Sign out" }).click();
    await expectHeading(page, "Sign in");
    await page.goto("/profile");
    await expectHeading(page, "Sign in");
    expect(new URL(page.url()).searchParams.get("next")).toBe("/profile");
    // Signing in again goes back to the page that asked for it.
    await signIn(page, who);
    await expectHeading(page, "Profile and preferences");
    expect(problems).toEqual([]);
  });

  it("resets a forgotten password from the emailed link", async () => {
    const { page, problems } = await e2e.open(PHONE, "phone");
    const who = { name: "Dorothy Vaughan", email: "dorothy@example.com", password: "fortran for everyone" };
    await signUpAndVerify(e2e, page, who);
    await expectHeading(page, "Set up your account");
    await navigate(page, "Sign out");

    await page.getByRole("link", { name: "Forgot your password?" }).click();
    await expectHeading(page, "Reset your password");
    await page.getByLabel("Email").fill(who.email);
    await page.getByRole("button", { name: "Send reset link" }).click();
    await page.getByText("a reset link is on its way").waitFor();

    const mail = await e2e.mail(who.email, /reset your pactly password/i);
    await page.goto(linkIn(mail, "/reset-password?token="));
    await expectHeading(page, "Choose a new password");
    const newPassword = "a brand new password";
    await page.getByLabel("New password", { exact: true }).fill(newPassword);
    await page.getByLabel("Repeat the new password").fill("a different one entirely");
    await page.getByRole("button", { name: "Change password" }).click();
    await page.getByText("The two passwords differ.").waitFor();
    await page.getByLabel("Repeat the new password").fill(newPassword);
    await page.getByRole("button", { name: "Change password" }).click();
    await expectHeading(page, "Password changed");
    await checkPage(e2e, page, "phone-password-changed");

    await page.getByRole("link", { name: "Sign in" }).click();
    await signIn(page, who);
    await page.getByRole("alert").filter({ hasText: "The email or password is not right." }).waitFor();
    await signIn(page, { ...who, password: newPassword });
    await expectHeading(page, "Set up your account");
    expect(problems).toEqual([]);
  });

  it("changes the password and the email from the security page; another browser is signed out", async () => {
    const laptop = await e2e.open({ ...DESKTOP, locale: "de-DE", timezoneId: "Europe/Berlin" }, "laptop");
    const phone = await e2e.open(PHONE, "phone-2");
    const who = { name: "Mary Jackson", email: "mary@example.com", password: "wind tunnel number four" };
    await signUpAndVerify(e2e, laptop.page, who);
    await expectHeading(laptop.page, "Set up your account");
    await phone.page.goto("/sign-in");
    await signIn(phone.page, who);
    await expectHeading(phone.page, "Set up your account");

    await laptop.page.goto("/security");
    await expectHeading(laptop.page, "Sign-in and security");
    const newPassword = "supersonic research 1958";
    await laptop.page.getByLabel("Current password").fill("not my password at all");
    await laptop.page.getByLabel("New password", { exact: true }).fill(newPassword);
    await laptop.page.getByLabel("Repeat the new password").fill(newPassword);
    await laptop.page.getByRole("button", { name: "Change password" }).click();
    await laptop.page.getByText("This is not your current password.").waitFor();
    await laptop.page.getByLabel("Current password").fill(who.password);
    await laptop.page.getByRole("button", { name: "Change password" }).click();
    await laptop.page.getByText("Your password is changed. Other devices are signed out.").waitFor();
    await e2e.mail(who.email, /password was changed/i);

    // The laptop stays signed in across a reload; the phone's next refresh is refused.
    await laptop.page.reload();
    await expectHeading(laptop.page, "Sign-in and security");
    await phone.page.reload();
    await expectHeading(phone.page, "Sign in");

    await laptop.page.getByLabel("New email").fill("mary.jackson@example.com");
    await laptop.page.getByRole("button", { name: "Send confirmation link" }).click();
    await laptop.page.getByText("Check mary.jackson@example.com for a link.").waitFor();
    await e2e.mail(who.email, /change of your pactly email/i);
    const link = linkIn(
      await e2e.mail("mary.jackson@example.com", /confirm your new email/i),
      "/confirm-email-change?token=",
    );
    await laptop.page.goto(link);
    await expectHeading(laptop.page, "Use this email for Pactly");
    await laptop.page.getByRole("button", { name: "Confirm my new email" }).click();
    await expectHeading(laptop.page, "Email changed");
    await checkPage(e2e, laptop.page, "laptop-email-changed");
    await laptop.page.getByRole("link", { name: "Sign in" }).click();
    await signIn(laptop.page, { email: "mary.jackson@example.com", password: newPassword });
    await expectHeading(laptop.page, "Set up your account");
    expect([...laptop.problems, ...phone.problems]).toEqual([]);
  });
});
