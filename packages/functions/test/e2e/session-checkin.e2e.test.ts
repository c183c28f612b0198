// A pod's session in the browser: a member subscribes to her calendar feed and opens the session from the pod page,
// joins (the join is recorded and the room link is her own), downloads its .ics, checks in with a photo uploaded
// straight to the local S3 emulator, and a pod-mate in a second browser sees that check-in and its photo, and the
// countdown to the next session at home. The pod is formed and activated over HTTP; the clock is moved to
// the session's start, so the room is open and check-ins are taken.
import { ManualClock } from "@pactly/core/platform";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callApi, DESKTOP, type E2E, PHONE, startE2E } from "./harness.js";
import { checkPage, expectHeading } from "./steps.js";

const clock = new ManualClock(new Date(Math.floor(Date.now() / 60_000) * 60_000));
let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E({ clock });
});
afterAll(async () => {
  await e2e?.stop();
});

const call = <T>(token: string | null, method: string, path: string, body?: unknown) =>
  callApi<T>(e2e, token, method, path, body);

const signInOverHttp = async (email: string, name?: string, role?: "admin") =>
  (
    await call<{ accessToken: string }>(null, "POST", "/v1/auth/dev-login", {
      email,
      ...(name ? { name } : {}),
      ...(role ? { role } : {}),
    })
  ).accessToken;

async function learnerOnWaitlist(email: string, name: string): Promise<string> {
  const token = await signInOverHttp(email, name);
  const { updatedAt: _unsent, ...current } = await call<Record<string, unknown>>(token, "GET", "/v1/me/preferences");
  await call(token, "PUT", "/v1/me/preferences", {
    ...current,
    timezone: "Europe/Madrid",
    availability: [{ weekday: 3, start: "07:00", end: "09:00" }],
    experienceLevel: "beginner",
    collaborationStyle: "social",
  });
  await call(token, "POST", "/v1/waitlist", { sprintType: "net_prompting" });
  // Set up as onboarding leaves a learner, so home shows the dashboard rather than the first step.
  for (const step of ["profile", "timezone", "availability", "preferences", "goal"])
    await call(token, "PATCH", "/v1/me/onboarding", { step, completed: true });
  return token;
}

// A real 1×1 PNG, as a phone would send a photo.
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
  "base64",
);

interface SessionView {
  id: string;
  number: number;
  startsAt: string;
  videoUrl: string;
  participants: { displayName: string; joinedAt: string | null; checkedIn: boolean }[];
}

describe("a pod's session in the browser", () => {
  it("a member joins and checks in with a photo; a pod-mate sees the check-in", async () => {
    const names = ["Hedy", "Radia", "Frances"];
    const tokens: Record<string, string> = {};
    for (const name of names) tokens[name] = await learnerOnWaitlist(`${name.toLowerCase()}@example.com`, name);
    const admin = await signInOverHttp("ops@example.com", undefined, "admin");
    const run = await call<{ podIds: string[] }>(admin, "POST", "/v1/admin/matching/run", {
      sprintType: "net_prompting",
    });
    const podId = run.podIds[0]!;
    for (const name of names) await call(tokens[name]!, "POST", `/v1/pods/${podId}/accept`);

    // The sprint's sessions are created through the outbox once the pod is active: wait until they all are.
    let sessions: { id: string; number: number; startsAt: string }[] = [];
    const readSessions = async () =>
      (await call<{ items: typeof sessions }>(tokens.Hedy!, "GET", `/v1/pods/${podId}/sessions`)).items;
    for (let settled = 0, deadline = Date.now() + 20_000; settled < 3; ) {
      if (Date.now() > deadline) throw new Error(`the sprint's sessions were not all created: ${sessions.length}`);
      await new Promise((r) => setTimeout(r, 300));
      const now = await readSessions();
      settled = now.length > 0 && now.length === sessions.length ? settled + 1 : 0;
      sessions = now;
    }
    const first = [...sessions].sort((a, b) => a.startsAt.localeCompare(b.startsAt))[0]!;
    // Five minutes into the first session: the room is open and check-ins are taken.
    clock.set(new Date(Date.parse(first.startsAt) + 5 * 60_000));

    const hedy = await e2e.open({ ...DESKTOP, timezoneId: "Europe/Madrid" }, "hedy");
    const { page } = hedy;
    await page.goto(`/sign-in?next=/pods/${podId}`);
    await page.getByLabel("Sign in as (email)").fill("hedy@example.com");
    await page.getByRole("button", { name: "Dev sign-in" }).click();
    const list = page.getByRole("region", { name: "Sessions" });
    await list.getByRole("link", { name: /^Session 1: / }).waitFor();
    expect(await list.getByRole("link", { name: /^Session \d+: / }).count()).toBe(sessions.length);

    // The private calendar feed: shown once, a calendar with every session of the pod.
    await list.getByRole("button", { name: "Subscribe to my calendar" }).click();
    const feedUrl = await list.getByLabel("Calendar address (keep it to yourself)").inputValue();
    expect(await list.getByRole("link", { name: "Open in my calendar app" }).getAttribute("href")).toBe(
      feedUrl.replace(/^https?:/, "webcal:"),
    );
    const feed = await (await fetch(feedUrl)).text();
    expect(feed.match(/BEGIN:VEVENT/g)?.length).toBe(sessions.length);

    await list.getByRole("link", { name: /^Session 1: / }).click();
    await expectHeading(page, "Session 1");
    await page.getByRole("region", { name: "Participants (3)" }).getByText("Radia").waitFor();
    await checkPage(e2e, page, "desktop-session");

    // Joining records the join and hands over this member's own room link (opened in a new tab, not followed here).
    await page.getByRole("button", { name: "Join the session" }).click();
    const room = page.getByRole("link", { name: "Open the video room" });
    await room.waitFor();
    const mine = await call<SessionView>(await signInOverHttp("hedy@example.com"), "GET", `/v1/sessions/${first.id}`);
    expect(await room.getAttribute("href")).toBe(mine.videoUrl);
    expect(await room.getAttribute("target")).toBe("_blank");
    expect(mine.videoUrl).toMatch(/^https:\/\/meet\.jit\.si\/[A-Za-z0-9-]{16,}/);
    expect(mine.participants.find((p) => p.displayName === "Hedy")?.joinedAt).toBe(clock.now().toISOString());

    // The session's calendar file, downloaded with the member's own credentials.
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Download .ics" }).click(),
    ]);
    const stream = await download.createReadStream();
    let ics = "";
    for await (const chunk of stream) ics += chunk.toString();
    expect(ics).toContain("BEGIN:VCALENDAR");
    expect(ics).toContain(`DTSTART:${first.startsAt.replace(/[-:]/g, "").replace(/\.\d{3}/, "")}`);

    // A file that cannot be proof is refused before any upload.
    const form = page.getByRole("region", { name: "Check in" });
    await form.getByLabel("Proof of effort (optional)").setInputFiles({
      name: "notes.html",
      mimeType: "text/html",
      buffer: Buffer.from("<p>hi</p>"),
    });
    await form.getByText("Proof must be a photo").waitFor();

    await form.getByLabel("Effort (RPE, 1–10)").fill("8");
    await form.getByLabel("A win").fill("Shipped my first prompt chain");
    await form.getByText("29 of 280 characters").waitFor();
    await form.getByLabel("A tweak for next time").fill("Write the eval first");
    await form.getByLabel("Proof of effort (optional)").setInputFiles({
      name: "proof.png",
      mimeType: "image/png",
      buffer: PNG,
    });
    await form.getByRole("button", { name: "Check in" }).click();
    await page.getByText("Check-in saved. Your pod can see it.").waitFor();
    await expect(page.getByRole("progressbar", { name: "Proof uploaded" }).getAttribute("value")).resolves.toBe("1");
    await page.getByRole("heading", { name: "Your check-in" }).waitFor();
    expect(hedy.problems).toEqual([]);

    // Radia, on her phone, sees Hedy's check-in and can open the photo.
    const radia = await e2e.open({ ...PHONE, timezoneId: "Europe/Madrid" }, "radia");
    await radia.page.goto(`/sign-in?next=/sessions/${first.id}`);
    await radia.page.getByLabel("Sign in as (email)").fill("radia@example.com");
    await radia.page.getByRole("button", { name: "Dev sign-in" }).click();
    await expectHeading(radia.page, "Session 1");
    const mates = radia.page.getByRole("region", { name: "Pod-mates' check-ins" });
    await mates.getByText("Shipped my first prompt chain").waitFor();
    await mates.getByText("Write the eval first").waitFor();
    await mates.getByText("Attended · effort 8/10").waitFor();
    const proof = mates.getByRole("link", { name: "See Hedy's proof" });
    const photo = await fetch((await proof.getAttribute("href"))!);
    expect(photo.headers.get("content-type")).toBe("image/png");
    expect(Buffer.from(await photo.arrayBuffer()).equals(PNG)).toBe(true);
    await checkPage(e2e, radia.page, "phone-session-podmate");

    // Her home page counts down to the next session and links to it (her browser's clock is the real one, still
    // before the first session; only the server's was moved).
    await radia.page.goto("/");
    const next = radia.page.getByRole("region", { name: "Next session" });
    await next.getByText(/^Starts in \d+ (days?|h|min)\b/).waitFor();
    expect(await next.getByRole("link").getAttribute("href")).toBe(`/sessions/${first.id}`);
    expect(radia.problems).toEqual([]);
  });
});
