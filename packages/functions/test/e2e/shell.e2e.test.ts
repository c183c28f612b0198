// The app shell in a real browser: signed-out visitors land on sign-in, unknown paths get a real page, the
// PWA manifest and the service worker are in place, and the shell still opens offline.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DESKTOP, type E2E, PHONE, startE2E } from "./harness.js";
import { expectHeading } from "./steps.js";

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(async () => {
  await e2e?.stop();
});

describe("app shell", () => {
  it("sends a signed-out visitor to sign in, keeping where they wanted to go", async () => {
    const { page, problems } = await e2e.open(PHONE, "phone");
    await page.goto("/goals");
    await expectHeading(page, "Sign in");
    expect(new URL(page.url()).pathname).toBe("/sign-in");
    expect(new URL(page.url()).searchParams.get("next")).toBe("/goals");
    expect(await page.title()).toBe("Sign in · Pactly");
    await e2e.screenshot(page, "phone-sign-in");
    expect(problems).toEqual([]);
  });

  it("shows a not-found page for unknown paths, and the link home works", async () => {
    const { page, problems } = await e2e.open(DESKTOP, "desktop");
    await page.goto("/no/such/page");
    await expectHeading(page, "Page not found");
    await page.getByRole("link", { name: "Go to the home page" }).click();
    await expectHeading(page, "Sign in");
    // Focus moves to the new page's heading, so screen readers announce it.
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe("H1");
    expect(problems).toEqual([]);
  });

  it("is an installable PWA whose service worker opens the app shell offline", async () => {
    const { context, page } = await e2e.open(DESKTOP, "desktop-offline");
    await page.goto("/sign-in");
    const manifest = await page.evaluate(async () => {
      const href = document.querySelector<HTMLLinkElement>('link[rel="manifest"]')?.href;
      return href ? (await fetch(href)).json() : null;
    });
    expect(manifest).toMatchObject({ name: "Pactly", display: "standalone", start_url: "/" });
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    // Once the worker controls the page, the shell's files are in its cache.
    await page.reload();
    await expectHeading(page, "Sign in");
    await context.setOffline(true);
    await page.goto("/sign-up");
    await expectHeading(page, "Create your account");
    await context.setOffline(false);
  });
});
