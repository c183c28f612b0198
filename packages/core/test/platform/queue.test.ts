// The local queue keeps SQS FIFO semantics: order, visibility, retries, de-duplication and the dead-letter list.
import { describe, expect, it } from "vitest";
import { MAX_RECEIVE_COUNT, ManualClock } from "../../src/platform/index.js";
import { testPlatform } from "../helpers/platform.js";

describe("local queue (StoreQueue)", () => {
  it("hands out messages in FIFO order, one in flight per group", async () => {
    const { platform: p } = await testPlatform();
    const q = p.local!.queue;
    await q.send("tasks", { n: 1 });
    await q.send("tasks", { n: 2 });
    const first = await q.receive("tasks", 30);
    expect(JSON.parse(first!.body)).toEqual({ n: 1 });
    // The group's head is in flight, so the next message waits (FIFO).
    expect(await q.receive("tasks", 30)).toBeUndefined();
    await q.ack(first!);
    const second = await q.receive("tasks", 30);
    expect(JSON.parse(second!.body)).toEqual({ n: 2 });
  });

  it("redelivers after the visibility timeout and counts receives", async () => {
    const clock = new ManualClock("2026-05-01T10:00:00Z");
    const { platform: p } = await testPlatform({ clock });
    const q = p.local!.queue;
    await q.send("coach", { hello: "world" });
    const m1 = await q.receive("coach", 60);
    expect(m1!.receiveCount).toBe(1);
    clock.advance(59_000);
    expect(await q.receive("coach", 60)).toBeUndefined();
    clock.advance(2_000);
    const m2 = await q.receive("coach", 60);
    expect(m2!.messageId).toBe(m1!.messageId);
    expect(m2!.receiveCount).toBe(2);
    // The first receipt is stale: acknowledging with it must not delete the message.
    await expect(q.ack(m1!)).rejects.toMatchObject({ code: "store.condition_failed" });
    await q.ack(m2!);
    expect(await q.pending("coach")).toBe(0);
  });

  it(`moves a message to the dead-letter list after ${MAX_RECEIVE_COUNT} failed receives`, async () => {
    const { platform: p } = await testPlatform();
    const q = p.local!.queue;
    await q.send("scoring", { doomed: true });
    for (let i = 0; i < MAX_RECEIVE_COUNT; i++) {
      const m = await q.receive("scoring", 30);
      expect(m!.receiveCount).toBe(i + 1);
      await q.release(m!, 0, "boom");
    }
    expect(await q.receive("scoring", 30)).toBeUndefined();
    const dead = await q.deadLetters("scoring");
    expect(dead).toHaveLength(1);
    expect(JSON.parse(dead[0]!.body)).toEqual({ doomed: true });
    expect(dead[0]!.lastError).toBe("boom");
    expect(await q.pending("scoring")).toBe(0);
  });

  it("accepts a de-duplication id once within five minutes", async () => {
    const clock = new ManualClock("2026-05-01T10:00:00Z");
    const { platform: p } = await testPlatform({ clock });
    const q = p.local!.queue;
    const a = await q.send("tasks", { v: 1 }, { deduplicationId: "same" });
    const b = await q.send("tasks", { v: 2 }, { deduplicationId: "same" });
    expect(b.messageId).toBe(a.messageId);
    expect(await q.pending("tasks")).toBe(1);
    clock.advance(301_000);
    const c = await q.send("tasks", { v: 3 }, { deduplicationId: "same" });
    expect(c.messageId).not.toBe(a.messageId);
    expect(await q.pending("tasks")).toBe(2);
  });

  it("lets separate groups proceed independently", async () => {
    const { platform: p } = await testPlatform();
    const q = p.local!.queue;
    await q.send("tasks", { g: "a1" }, { groupId: "a" });
    await q.send("tasks", { g: "a2" }, { groupId: "a" });
    await q.send("tasks", { g: "b1" }, { groupId: "b" });
    const first = await q.receive("tasks", 30);
    const second = await q.receive("tasks", 30);
    expect([JSON.parse(first!.body).g, JSON.parse(second!.body).g]).toEqual(["a1", "b1"]);
  });
});
