// The outbox dispatcher fed by DynamoDB Local's real stream, in the shape the cloud's stream event source sends.
import { commitWithEffects, mailEffect } from "@pactly/core/platform";
import type { DynamoDBStreamEvent } from "aws-lambda";
import { describe, expect, it } from "vitest";
import { testPlatform } from "../../../core/test/helpers/platform.js";
import { StreamRunner } from "../../src/local/stream-runner.js";
import { effectStreamHandler } from "../../src/outbox/stream.js";

describe("the outbox dispatcher on the table's stream", () => {
  it("delivers a committed email once from the INSERT record and ignores every other change", async () => {
    const { platform: p } = await testPlatform();
    const events: DynamoDBStreamEvent[] = [];
    const handle = effectStreamHandler(p);
    const runner = new StreamRunner(p, async (event) => {
      events.push(event);
      return handle(event);
    });
    await runner.start();
    try {
      await commitWithEffects(
        p,
        [{ put: { pk: "TEST#1", sk: "A", type: "Test" } }],
        [mailEffect({ to: "june@example.com", subject: "Confirm your email", text: "link" })],
      );
      for (let i = 0; i < 50 && (await p.local!.outbox.list({ to: "june@example.com" })).items.length === 0; i++) {
        await runner.poll();
      }
      const mails = (await p.local!.outbox.list({ to: "june@example.com" })).items;
      expect(mails.map((m) => m.subject)).toEqual(["Confirm your email"]);

      const records = events.flatMap((e) => e.Records);
      const insert = records.find((r) => r.eventName === "INSERT" && r.dynamodb?.NewImage?.type?.S === "OutboxEffect");
      expect(insert?.dynamodb?.NewImage?.status?.S).toBe("pending");
      // The claim and the delivered mark come back as MODIFY records: they deliver nothing more.
      for (let i = 0; i < 10; i++) await runner.poll();
      expect(records.concat(events.flatMap((e) => e.Records)).some((r) => r.eventName === "MODIFY")).toBe(true);
      expect((await p.local!.outbox.list({ to: "june@example.com" })).items).toHaveLength(1);

      // The same INSERT handed over again, as a stream retry would: still one email.
      expect(await handle({ Records: [insert!] })).toEqual({ batchItemFailures: [] });
      expect((await p.local!.outbox.list({ to: "june@example.com" })).items).toHaveLength(1);
    } finally {
      await runner.stop();
    }
  });
});
