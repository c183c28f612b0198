// The one-command local runtime: serves the API, docs and outbox, keeps data and schedules across a restart.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defineDomain } from "@pactly/core/domain";
import { ManualClock } from "@pactly/core/platform";
import { afterAll, describe, expect, it } from "vitest";
import { DOMAIN_MODULES } from "../../src/domains.js";
import { startLocalRuntime } from "../../src/local/runtime.js";

const read = async (res: Response): Promise<any> => res.json();

const dataDir = mkdtempSync(join(tmpdir(), "pactly-runtime-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe("local runtime", () => {
  it("serves health, docs and the outbox, and keeps data and due schedules across a restart", async () => {
    const clock = new ManualClock("2026-06-01T09:00:00Z");
    const fired: Record<string, unknown>[] = [];
    const domains = [
      ...DOMAIN_MODULES,
      defineDomain({ name: "test", jobs: { "test.ping": async (_p, payload) => void fired.push(payload) } }),
    ];

    const first = await startLocalRuntime({ port: 0, dataDir, clock, pollMs: 60_000, domains });
    try {
      const health = await read(await fetch(`${first.url}/v1/health`));
      expect(health).toMatchObject({ status: "ok", runtime: "local" });
      // Unknown API paths answer in the error format even though the web app's shell serves every other path.
      const unknown = await fetch(`${first.url}/v1/no-such-route`);
      expect(unknown.status).toBe(404);
      expect((await read(unknown)).error.code).toBe("route.not_found");
      expect((await fetch(`${first.url}/some/client/route`)).status).toBe(200);
      const docs = await fetch(`${first.url}/docs`);
      expect(docs.status).toBe(200);
      expect(await docs.text()).toContain("/v1/health");
      await first.platform.mail.send({ to: "learner@example.com", subject: "Welcome to Pactly", text: "Hi there" });
      const outbox = await fetch(`${first.url}/dev/outbox`);
      expect(await outbox.text()).toContain("Welcome to Pactly");
      const outboxJson = await read(
        await fetch(`${first.url}/dev/outbox`, { headers: { accept: "application/json" } }),
      );
      expect(outboxJson.items[0]).toMatchObject({ to: "learner@example.com", subject: "Welcome to Pactly" });

      await first.platform.store.put({ pk: "TEST#persist", sk: "A", type: "Test", note: "still here" });
      await first.platform.scheduler.at("ping-later", new Date("2026-06-01T09:30:00Z"), {
        job: "test.ping",
        payload: { n: 7 },
      });
    } finally {
      await first.stop();
    }

    clock.set("2026-06-01T10:00:00Z");
    const second = await startLocalRuntime({ port: 0, dataDir, clock, pollMs: 60_000, domains });
    try {
      expect(await second.platform.store.get({ pk: "TEST#persist", sk: "A" })).toMatchObject({ note: "still here" });
      // The runtime's own ticker and this explicit tick race for the same due schedule: it fires once.
      await second.schedulerRunner.fireDue();
      await expect.poll(() => fired.length, { timeout: 5_000 }).toBe(1);
      await second.schedulerRunner.fireDue();
      expect(fired).toEqual([{ n: 7 }]);
      const catalog = await read(await fetch(`${second.url}/v1/sprint-types`));
      expect(catalog.items).toHaveLength(2);
    } finally {
      await second.stop();
    }
  }, 120_000);

  it("says clearly when the port is taken", async () => {
    const { createServer } = await import("node:net");
    const blocker = createServer();
    const port: number = await new Promise((resolve) =>
      blocker.listen(0, "127.0.0.1", () => resolve((blocker.address() as { port: number }).port)),
    );
    try {
      await expect(startLocalRuntime({ port, dataDir })).rejects.toThrow(new RegExp(`Port ${port} is already in use`));
    } finally {
      blocker.close();
    }
  });
});
