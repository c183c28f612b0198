// The transactional outbox: effects commit with their change, are delivered once, retried with backoff, then dead.
import { describe, expect, it } from "vitest";
import {
  commitWithEffects,
  deadEffects,
  deliverDueEffects,
  deliverEffect,
  EFFECT_MAX_ATTEMPTS,
  type EffectItem,
  effectBackoffSeconds,
  effectKey,
  healthReport,
  type MailMessage,
  ManualClock,
  mailEffect,
  type Platform,
} from "../../src/platform/index.js";
import { testPlatform } from "../helpers/platform.js";

const welcome: MailMessage = { to: "ada@example.com", subject: "Welcome", text: "Hi Ada", template: "welcome" };

/** The local outbox behind a mail service that fails the first `failures` sends. */
function flakyMail(p: Platform, failures: number): Platform {
  let calls = 0;
  return {
    ...p,
    mail: {
      send: async (m) => {
        calls++;
        if (calls <= failures) throw new Error("SES: Throttling (ada@example.com)");
        return p.mail.send(m);
      },
    },
  };
}

async function onlyEffect(p: Platform): Promise<EffectItem> {
  const items = (await p.store.queryAll<EffectItem>({ index: "gsi1", pk: "EFFECTS#PENDING" })).concat(
    await deadEffects(p),
  );
  expect(items).toHaveLength(1);
  return (await p.store.get<EffectItem>(effectKey(items[0]!.id), { consistent: true }))!;
}

const sent = async (p: Platform) => (await p.local!.outbox.list({ to: welcome.to })).items;

describe("the outbox", () => {
  it("retries an email whose send failed, after its backoff, and sends it once", async () => {
    const clock = new ManualClock("2026-03-02T10:00:00Z");
    const { platform } = await testPlatform({ clock });
    const p = flakyMail(platform, 1);
    await commitWithEffects(p, [{ put: { pk: "TEST#1", sk: "A", type: "Test" } }], [mailEffect(welcome)]);
    const effect = await onlyEffect(p);

    expect(await deliverEffect(p, effect.id)).toBe("retrying");
    const failed = await onlyEffect(p);
    expect(failed).toMatchObject({ status: "pending", attempts: 1 });
    expect(failed.lastError).toContain("Throttling");
    expect(failed.lastError).not.toContain("ada@example.com"); // redacted like a log line
    expect(await sent(p)).toHaveLength(0);

    // Not before its backoff…
    clock.advance((effectBackoffSeconds(1) - 1) * 1000);
    expect(await deliverDueEffects(p)).toBe(0);
    // …then once.
    clock.advance(1000);
    expect(await deliverDueEffects(p)).toBe(1);
    expect(await sent(p)).toHaveLength(1);
    expect((await p.store.get<EffectItem>(effectKey(effect.id), { consistent: true }))!.status).toBe("delivered");

    // Delivered again (a stream retry, the sweep): nothing more is sent.
    expect(await deliverEffect(p, effect.id)).toBe("skipped");
    expect(await deliverDueEffects(p)).toBe(0);
    expect(await sent(p)).toHaveLength(1);
  });

  it("holds an effect with a not-before time until then, and the sweep sends it once it is due", async () => {
    const clock = new ManualClock("2026-03-02T22:30:00Z");
    const { platform: p } = await testPlatform({ clock });
    await commitWithEffects(p, [], [{ ...mailEffect(welcome), notBefore: "2026-03-03T07:00:00+00:00" }]);
    const effect = await onlyEffect(p);
    expect(effect.dueAt).toBe("2026-03-03T07:00:00.000Z");

    // The stream hands it over at once: it is not due.
    expect(await deliverEffect(p, effect.id)).toBe("skipped");
    clock.advance(8 * 3600_000 - 60_000); // 06:29
    expect(await deliverDueEffects(p)).toBe(0);
    expect(await sent(p)).toHaveLength(0);
    clock.advance(60_000); // 06:30… still before
    expect(await deliverDueEffects(p)).toBe(0);
    clock.advance(30 * 60_000); // 07:00
    expect(await deliverDueEffects(p)).toBe(1);
    expect(await sent(p)).toHaveLength(1);
  });

  it("performs at once an effect whose not-before time has passed", async () => {
    const { platform: p } = await testPlatform();
    await commitWithEffects(p, [], [{ ...mailEffect(welcome), notBefore: "2020-01-01T00:00:00Z" }]);
    const effect = await onlyEffect(p);
    expect(await deliverEffect(p, effect.id)).toBe("delivered");
  });

  it("sends one email when two dispatchers are handed the same effect at once", async () => {
    const { platform: p } = await testPlatform();
    await commitWithEffects(p, [], [mailEffect(welcome)]);
    const { id } = await onlyEffect(p);
    const outcomes = await Promise.all([deliverEffect(p, id), deliverEffect(p, id), deliverEffect(p, id)]);
    expect(outcomes.filter((o) => o === "delivered")).toHaveLength(1);
    expect(outcomes.filter((o) => o === "skipped")).toHaveLength(2);
    expect(await sent(p)).toHaveLength(1);
  });

  it("writes no effect when the change it belongs to is refused", async () => {
    const { platform: p } = await testPlatform();
    await p.store.put({ pk: "TEST#taken", sk: "A", type: "Test" });
    await expect(
      commitWithEffects(
        p,
        [{ put: { pk: "TEST#taken", sk: "A", type: "Test" }, condition: { absent: true } }],
        [mailEffect(welcome)],
      ),
    ).rejects.toMatchObject({ code: "store.condition_failed" });
    expect(await deliverDueEffects(p)).toBe(0);
    expect(await p.store.queryAll({ index: "gsi1", pk: "EFFECTS#PENDING" })).toEqual([]);
    expect(await sent(p)).toHaveLength(0);
  });

  it("ends an effect as dead after its last attempt, and /v1/health counts it", async () => {
    const clock = new ManualClock("2026-03-02T10:00:00Z");
    const { platform } = await testPlatform({ clock });
    const p = flakyMail(platform, Number.POSITIVE_INFINITY);
    await commitWithEffects(p, [], [mailEffect(welcome)]);
    const { id } = await onlyEffect(p);
    const outcomes = [];
    for (let attempt = 1; attempt <= EFFECT_MAX_ATTEMPTS; attempt++) {
      outcomes.push(await deliverEffect(p, id));
      clock.advance(effectBackoffSeconds(attempt) * 1000);
    }
    expect(outcomes).toEqual([...Array(EFFECT_MAX_ATTEMPTS - 1).fill("retrying"), "dead"]);
    expect(await deliverDueEffects(p)).toBe(0);
    const [dead] = await deadEffects(p);
    expect(dead).toMatchObject({ id, status: "dead", attempts: EFFECT_MAX_ATTEMPTS });
    const health = await healthReport(p);
    expect(health.checks.outbox).toMatchObject({ status: "ok", dead: 1 });
    expect(await sent(p)).toHaveLength(0);
  });

  it("keeps no recipient or body of a delivered email (its links are secrets)", async () => {
    const { platform: p } = await testPlatform();
    await commitWithEffects(p, [], [mailEffect({ ...welcome, text: "https://pactly.test/verify?token=SECRET" })]);
    const { id } = await onlyEffect(p);
    await deliverEffect(p, id);
    const stored = JSON.stringify(await p.store.get(effectKey(id), { consistent: true }));
    expect(stored).not.toContain("SECRET");
    expect(stored).not.toContain("ada@example.com");
    expect(stored).toContain("Welcome");
  });
});
