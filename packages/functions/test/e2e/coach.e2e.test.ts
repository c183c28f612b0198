// The AI coach in the browser, with the offline coach (no model key): a member opens a session, prepares its agenda,
// makes notes from a pasted transcript (reloading the page while the job waits in the queue), sees the action items
// per member, the proof checklist and the quiz, edits the summary into a new version (too long a summary is refused
// with the API's message), reads the history and what the edit changed, is told of a stale edit made in a second
// tab without losing what she typed, takes the quiz and adds it to her reviews once, makes notes from an uploaded
// WebVTT file, and sees a job that failed every attempt (after a reload too) succeed when she tries again.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { QueueRunner } from "../../src/local/queue-runner.js";
import { jobHandlersFor } from "../../src/workers/handlers.js";
import { jobWorker } from "../../src/workers/job-worker.js";
import { callApi, DESKTOP, type E2E, startE2E } from "./harness.js";
import { activePodOverHttp, checkPage, expectHeading, learnerOnWaitlist } from "./steps.js";

// Read inside the page (page.evaluate); this package is compiled without the DOM library.
declare const localStorage: { getItem(key: string): string | null };

let e2e: E2E;
let extraRunner: QueueRunner | undefined;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(async () => {
  await extraRunner?.stop();
  await e2e?.stop();
});

const TRANSCRIPT = [
  "Ada: This week I practised few-shot prompting and the examples really helped my summariser.",
  "Grace: I struggled with JSON output; the model kept adding prose around the JSON.",
  "Linus: We decided to use a schema and validate every reply before using it.",
  "Ada: I will write three few-shot examples for the summariser by Friday.",
  "Grace: I'll retry the JSON exercise with a schema by tomorrow.",
].join("\n");

interface Doc {
  version: number;
  generator: string;
  notes: { summary: string };
  actionItems: { ownerName: string }[];
  quiz: { items: unknown[] } | null;
}

describe("the coach on a session page", () => {
  it("prepares an agenda, makes notes from a transcript, edits with history and conflicts, and quizzes", async () => {
    const names = ["Ada", "Grace", "Linus"];
    const tokens: string[] = [];
    for (const n of names)
      tokens.push(await learnerOnWaitlist(e2e, `${n.toLowerCase()}@example.com`, n, { onboarded: true }));
    const { sessions } = await activePodOverHttp<{ id: string; number: number }>(e2e, tokens);
    const session = sessions[0]!;
    const coachPath = `/v1/sessions/${session.id}/coach`;

    const ada = await e2e.open({ ...DESKTOP, timezoneId: "Europe/Madrid" }, "ada");
    const { page } = ada;
    await page.goto(`/sign-in?next=/sessions/${session.id}`);
    await page.getByLabel("Sign in as (email)").fill("ada@example.com");
    await page.getByRole("button", { name: "Dev sign-in" }).click();
    await expectHeading(page, "Session 1");
    const coach = page.getByRole("region", { name: "Coach", exact: true });
    await coach.getByRole("button", { name: "Prepare agenda" }).waitFor();

    // The agenda, by the offline coach: items with minutes and their total, marked as made without the model.
    await coach.getByRole("button", { name: "Prepare agenda" }).click();
    await coach.getByText(/^The agenda is ready \(version \d+\)\./).waitFor({ timeout: 60_000 });
    const agenda = coach.getByRole("region", { name: "Agenda" });
    await agenda.getByText(/^Total: \d+ min$/).waitFor();
    const total = Number((await agenda.getByText(/^Total: \d+ min$/).textContent())!.match(/\d+/)![0]);
    const minutes = await agenda.getByText(/^\d+ min$/).allTextContents();
    expect(minutes.length).toBeGreaterThan(2);
    expect(minutes.reduce((sum, m) => sum + Number.parseInt(m, 10), 0)).toBe(total);
    await coach.getByText("Prepared without the AI model (offline coach)").waitFor();
    await agenda.getByText(/^Check-in round/).waitFor();

    // Notes from a pasted transcript, with the worker held back: the job waits in the queue across a reload.
    await e2e.runtime.queueRunners.coach!.stop();
    await coach.getByRole("button", { name: "Make notes from a transcript" }).click();
    await coach.getByLabel("Transcript", { exact: true }).fill(TRANSCRIPT);
    await coach.getByRole("button", { name: "Make notes", exact: true }).click();
    await coach.getByText(/The notes are queued/).waitFor();
    await page.reload();
    await expectHeading(page, "Session 1");
    await coach.getByText(/The notes are queued/).waitFor();
    // A second tab on the same session follows the same job.
    const tab2 = await ada.context.newPage();
    await tab2.goto(`/sessions/${session.id}#coach`);
    const coach2 = tab2.getByRole("region", { name: "Coach", exact: true });
    await coach2.getByText(/The notes are queued/).waitFor();
    await checkPage(e2e, page, "desktop-coach-job-queued");

    const platform = e2e.runtime.platform;
    extraRunner = new QueueRunner(platform, {
      queue: "coach",
      handler: jobWorker(platform, jobHandlersFor(platform, "coach")),
      pollMs: 100,
    }).start();
    await coach
      .getByText(/^The notes are ready \(version \d+\)\./)
      // The worker runs the offline coach on a shared machine: give it time.
      .waitFor({ timeout: 60_000 });
    const notes = coach.getByRole("region", { name: "Notes" });
    await notes.getByText(/^Session 1 of /).waitFor();
    await notes
      .getByRole("listitem")
      .filter({ hasText: "We decided to use a schema and validate every reply" })
      .waitFor();
    const actions = coach.getByRole("region", { name: "Action items" });
    await actions.getByRole("heading", { name: "Ada (you)" }).waitFor();
    await actions.getByRole("heading", { name: "Grace" }).waitFor();
    await actions.getByRole("checkbox", { name: /I will write three few-shot examples/ }).waitFor();
    await actions.getByText(/^Due /).first().waitFor();
    await coach.getByRole("region", { name: "Proof checklist" }).waitFor();
    await coach.getByRole("region", { name: /^Quiz: / }).waitFor();
    // The other tab shows the notes too, once the job it followed is done.
    await coach2
      .getByRole("region", { name: "Notes" })
      .getByText(/^Session 1 of /)
      .waitFor();
    await checkPage(e2e, page, "desktop-coach-notes");

    const before = await callApi<Doc>(e2e, tokens[0]!, "GET", coachPath);
    expect(before.generator).toBe("offline");
    expect(before.actionItems.map((a) => a.ownerName)).toEqual(expect.arrayContaining(["Ada", "Grace", "Linus"]));

    // A done toggle is an edit: a new version by Ada.
    await actions.getByRole("checkbox", { name: /I will write three few-shot examples/ }).click();
    await coach.getByText("Edited by Ada").waitFor();
    await expect(
      actions.getByRole("checkbox", { name: /I will write three few-shot examples/ }).isChecked(),
    ).resolves.toBe(true);

    // Editing the summary: too long is refused with the API's message next to the field, then a real change saves.
    await coach.getByRole("button", { name: "Edit", exact: true }).click();
    const summary = coach.getByLabel("Summary");
    const original = await summary.inputValue();
    await summary.fill("x".repeat(4001));
    await coach.getByRole("button", { name: "Save as a new version" }).click();
    await coach.getByText("Use at most 4000 characters.").waitFor();
    expect(await summary.getAttribute("aria-invalid")).toBe("true");
    await summary.fill(`${original} We agreed to review prompts together first.`);
    await coach.getByRole("button", { name: "Save as a new version" }).click();
    await coach.getByText(/^Saved as version \d+\.$/).waitFor();
    await notes.getByText(/We agreed to review prompts together first\./).waitFor();
    const edited = await callApi<Doc>(e2e, tokens[0]!, "GET", coachPath);
    expect(edited.version).toBe(before.version + 2);
    expect(edited.generator).toBe("member");

    // The history: every version, and what the edit changed.
    await coach.getByRole("button", { name: /^Show the versions/ }).click();
    const versions = coach.getByRole("list", { name: "Versions" });
    await versions.getByText(`Version ${edited.version}: edited by Ada`).waitFor();
    expect(await versions.getByRole("listitem").count()).toBeGreaterThanOrEqual(4);
    await versions.getByText(/^Version \d+: notes from a transcript by the coach$/).waitFor();
    await coach.getByRole("button", { name: `What changed in version ${edited.version}` }).click();
    const diff = coach.getByRole("region", {
      name: `Version ${edited.version} compared with version ${edited.version - 1}`,
    });
    await diff.getByText("Changed: Summary").waitFor();
    await diff.locator("ins").filter({ hasText: "We agreed to review prompts together first." }).waitFor();
    await diff.locator("del").filter({ hasText: original }).waitFor();
    await checkPage(e2e, page, "desktop-coach-history");

    // Two tabs edit the same version: the second save is told someone else saved first, and keeps its text.
    await tab2.reload();
    await coach2.getByRole("button", { name: "Edit", exact: true }).click();
    await coach.getByRole("button", { name: "Edit", exact: true }).click();
    await coach.getByLabel("Summary").fill("First tab's summary.");
    await coach.getByRole("button", { name: "Save as a new version" }).click();
    await coach.getByText(/^Saved as version \d+\.$/).waitFor();
    await coach2.getByLabel("Summary").fill("Second tab's summary, typed with care.");
    await coach2.getByRole("button", { name: "Save as a new version" }).click();
    const conflict = coach2
      .getByRole("alert")
      .filter({ hasText: "Someone else saved a newer version while you were editing." });
    await conflict.waitFor();
    await expect(coach2.getByLabel("Summary").inputValue()).resolves.toBe("Second tab's summary, typed with care.");
    await checkPage(e2e, tab2, "desktop-coach-conflict");
    await conflict.getByRole("button", { name: "Load the newest version" }).click();
    await coach2.getByText(/^Version \d+ \(by Ada\) is loaded\./).waitFor();
    await expect(coach2.getByLabel("Summary").inputValue()).resolves.toBe("Second tab's summary, typed with care.");
    await coach2.getByRole("button", { name: "Save as a new version" }).click();
    await coach2.getByText(/^Saved as version \d+\.$/).waitFor();
    const last = await callApi<Doc>(e2e, tokens[0]!, "GET", coachPath);
    expect(last.version).toBe(edited.version + 2);
    expect(last.notes.summary).toBe("Second tab's summary, typed with care.");

    // The quiz: answers revealed and graded, or skipped; then added to the reviews once.
    await page.reload();
    const quiz = coach.getByRole("region", { name: /^Quiz: / });
    const count = before.quiz!.items.length;
    expect(count).toBeGreaterThan(0);
    await quiz.getByText(`Question 1 of ${count}`).waitFor();
    await quiz.getByRole("button", { name: "Show the answer" }).click();
    await quiz.getByRole("heading", { name: "Answer" }).waitFor();
    await quiz.getByRole("group", { name: "Did you know it?" }).getByRole("button", { name: "I knew it" }).click();
    for (let i = 2; i <= count; i++) {
      await quiz.getByText(`Question ${i} of ${count}`).waitFor();
      await quiz.getByRole("button", { name: "Next question" }).click();
    }
    await quiz.getByText("Quiz done: you knew 1 of 1 you graded.").waitFor();
    await quiz.getByRole("button", { name: "Add the quiz to my reviews" }).click();
    await quiz.getByText(new RegExp(`^${count} questions? added to your reviews`)).waitFor();
    await page.reload();
    await coach
      .getByRole("region", { name: /^Quiz: / })
      .getByRole("button", { name: "Add the quiz to my reviews" })
      .click();
    await coach.getByText(/^This quiz is already in your reviews/).waitFor();
    await checkPage(e2e, page, "desktop-coach-quiz");

    // Notes from a WebVTT file, uploaded straight to the S3 emulator: cue timings dropped, voices as speakers.
    await coach.getByRole("button", { name: "Make notes from a transcript" }).click();
    await coach.getByLabel("Or choose a transcript file (.txt or .vtt)").setInputFiles({
      name: "session-1.vtt",
      mimeType: "text/vtt",
      buffer: Buffer.from(
        "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v Linus>We decided to pair on prompts every week.\n\n" +
          "00:00:05.000 --> 00:00:09.000\n<v Linus>I will write the evaluation script by Friday.\n",
      ),
    });
    await coach.getByRole("button", { name: "Upload and make notes" }).click();
    await coach.getByText(/^The notes are ready \(version \d+\)\./).waitFor({ timeout: 60_000 });
    await coach
      .getByRole("region", { name: "Notes" })
      .getByRole("listitem")
      .filter({ hasText: "We decided to pair on prompts every week." })
      .waitFor();
    await coach
      .getByRole("region", { name: "Action items" })
      .getByRole("checkbox", { name: "I will write the evaluation script by Friday." })
      .waitFor();

    // A job that fails every attempt (its transcript gone before the worker reads it) says so, and a retry works.
    await extraRunner.stop();
    const second = sessions[1]!;
    await page.goto(`/sessions/${second.id}`);
    await expectHeading(page, "Session 2");
    await coach.getByRole("button", { name: "Make notes from a transcript" }).click();
    await coach.getByLabel("Transcript", { exact: true }).fill(TRANSCRIPT);
    await coach.getByRole("button", { name: "Make notes", exact: true }).click();
    await coach.getByText(/The notes are queued/).waitFor();
    const tracked = await page.evaluate((k) => localStorage.getItem(k), `pactly.coach.job.${second.id}`);
    const job = await callApi<{ input: { transcriptKey: string } }>(
      e2e,
      tokens[0]!,
      "GET",
      `/v1/jobs/${(JSON.parse(tracked!) as { id: string }).id}`,
    );
    await platform.blob.delete(job.input.transcriptKey);
    extraRunner = new QueueRunner(platform, {
      queue: "coach",
      handler: jobWorker(platform, jobHandlersFor(platform, "coach")),
      pollMs: 100,
      retryDelaySeconds: 0,
    }).start();
    const failed = coach.getByRole("alert").filter({ hasText: "The coach could not make the notes." });
    await failed.waitFor({ timeout: 90_000 });
    await checkPage(e2e, page, "desktop-coach-job-failed");
    // The failure is still shown after a reload, and "Try again" sends the transcript kept in the form again.
    await page.reload();
    await failed.waitFor();
    await failed.getByRole("button", { name: "Try again" }).click();
    await coach.getByText(/^The notes are ready \(version 1\)\./).waitFor({ timeout: 60_000 });
    await coach
      .getByRole("region", { name: "Notes" })
      .getByText(/^Session 2 of /)
      .waitFor();

    expect(ada.problems).toEqual([]);
  });
});
