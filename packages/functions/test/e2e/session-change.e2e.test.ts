// Moving and cancelling a session in the browser: a member in Madrid, on a laptop whose clock says Tokyo, tries a
// time her pod cannot make (told why), moves the session to its backup time, and cancels a later one with a reason;
// a pod-mate sees both changes.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callApi, type E2E, PHONE, startE2E } from "./harness.js";
import { activePodOverHttp, checkPage, learnerOnWaitlist } from "./steps.js";

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(async () => {
  await e2e?.stop();
});

const call = <T>(token: string | null, method: string, path: string, body?: unknown) =>
  callApi<T>(e2e, token, method, path, body);

interface Session {
  id: string;
  number: number;
  status: string;
  startsAt: string;
  backupStartsAt: string | null;
  cancelledReason: string | null;
}

describe("changing a session", () => {
  it("moves one to its backup time and cancels another, each with a reason every member sees", async () => {
    // Wednesday mornings, and Thursday mornings as a backup.
    const availability = [
      { weekday: 3, start: "07:00", end: "09:00" },
      { weekday: 4, start: "07:00", end: "09:00" },
    ];
    const tokens: string[] = [];
    for (const name of ["Ada", "Grace", "Mary"]) {
      tokens.push(await learnerOnWaitlist(e2e, `${name.toLowerCase()}@example.com`, name, { availability }));
    }
    const { podId, sessions } = await activePodOverHttp<Session>(e2e, tokens);
    const read = async () =>
      (await call<{ items: Session[] }>(tokens[1]!, "GET", `/v1/pods/${podId}/sessions`)).items.sort(
        (a, b) => a.number - b.number,
      );
    const second = sessions[1]!;
    expect(second.backupStartsAt).not.toBeNull();

    const { page, problems } = await e2e.open({ ...PHONE, timezoneId: "Asia/Tokyo" }, "phone");
    await page.goto(`/sign-in?next=/sessions/${second.id}`);
    await page.getByLabel("Sign in as (email)").fill("ada@example.com");
    await page.getByRole("button", { name: "Dev sign-in" }).click();
    const card = page.getByRole("region", { name: "Change this session" });
    await card.getByRole("button", { name: "Move it…" }).click();

    // 15:00 in Madrid that day: nobody is free then.
    await card.getByLabel("Another time").check();
    const day = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Madrid" }).format(new Date(second.startsAt));
    await card.getByLabel("New start, your time (Europe/Madrid)").fill(`${day}T15:00`);
    const moveButton = card.getByRole("button", { name: "Move the session" });
    await expect(moveButton.isDisabled()).resolves.toBe(true);
    await card.getByLabel("Reason (your pod-mates see it)").fill("A work trip that week");
    await moveButton.click();
    await card.getByText("Not every member can make that time.").waitFor();

    await card.getByLabel(/The backup time every member can make/).check();
    await moveButton.click();
    await card.getByText(/^Moved to .* Every member is told, with your reason\.$/).waitFor();
    await page
      .getByRole("list", { name: "Changes" })
      .getByText(/^Moved by Ada from .*: A work trip that week$/)
      .waitFor();
    await checkPage(e2e, page, "phone-session-moved");

    // A later session, cancelled for everyone.
    const third = sessions[2]!;
    await page.goto(`/sessions/${third.id}`);
    const card3 = page.getByRole("region", { name: "Change this session" });
    await card3.getByRole("button", { name: "Cancel it…" }).click();
    await card3.getByLabel("Reason (your pod-mates see it)").fill("Public holiday for all of us");
    await card3.getByRole("button", { name: "Cancel the session" }).click();
    await page.getByText("Cancelled: Public holiday for all of us").waitFor();
    // A cancelled session cannot be changed again.
    await expect(page.getByRole("region", { name: "Change this session" }).count()).resolves.toBe(0);

    // What a pod-mate sees over the API: the move to the backup time, with its reason, and the cancellation.
    const after = await read();
    expect(after[1]!.startsAt).toBe(second.backupStartsAt);
    const moved = await call<{ history: { change: string; by: string; reason: string }[] }>(
      tokens[1]!,
      "GET",
      `/v1/sessions/${second.id}`,
    );
    expect(moved.history).toMatchObject([{ change: "rescheduled", by: "Ada", reason: "A work trip that week" }]);
    expect(after[2]).toMatchObject({ status: "cancelled", cancelledReason: "Public holiday for all of us" });
    expect(problems).toEqual([]);
  });
});
