// The one-command local runtime: serves the API, docs and outbox, keeps data and schedules across a restart.
import { mkdtempSync, rmSync } from "node:fs";
import { request } from "node:http";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defineDomain } from "@pactly/core/domain";
import { ManualClock } from "@pactly/core/platform";
import { afterAll, describe, expect, it } from "vitest";
import { DOMAIN_MODULES } from "../../src/domains.js";
import { startLocalRuntime } from "../../src/local/runtime.js";

const read = async (res: Response): Promise<any> => res.json();

/** Sends a request line and then a header line every 400 ms until the server closes the connection. */
function slowHeaders(port: number): Promise<{ ms: number; answer: string }> {
  return new Promise((resolve) => {
    const start = performance.now();
    let answer = "";
    const socket = connect(port, "127.0.0.1", () => {
      socket.write(`GET /v1/health HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n`);
    });
    let n = 0;
    const drip = setInterval(() => socket.write(`X-Drip-${n++}: 1\r\n`), 400);
    socket.on("data", (d) => {
      answer += d.toString();
    });
    socket.on("error", () => undefined);
    socket.on("close", () => {
      clearInterval(drip);
      resolve({ ms: performance.now() - start, answer });
    });
    // Never more than 20 s, whatever happens.
    setTimeout(() => socket.destroy(), 20_000).unref();
  });
}

/** A GET with a Host header of our choosing (fetch does not let a caller set one). */
function rawGet(port: number, path: string, host: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path, headers: { host } }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (d) => {
        body += d;
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

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

    const first = await startLocalRuntime({
      port: 0,
      dataDir,
      clock,
      pollMs: 60_000,
      domains,
      slowClientLimits: { headersMs: 1500, requestMs: 3000 },
    });
    try {
      const health = await read(await fetch(`${first.url}/v1/health`));
      expect(health).toMatchObject({ status: "ok", runtime: "local" });
      // Unknown API paths answer in the error format even though the web app's shell serves every other path.
      const unknown = await fetch(`${first.url}/v1/no-such-route`);
      expect(unknown.status).toBe(404);
      expect((await read(unknown)).error.code).toBe("route.not_found");
      const shell = await fetch(`${first.url}/some/client/route`);
      expect(shell.status).toBe(200);
      // The web app gets its strict policy here too: no inline script anywhere.
      expect(shell.headers.get("content-security-policy")).toContain("script-src 'self'");
      expect(shell.headers.get("content-security-policy")).not.toContain("unsafe-inline");
      expect(shell.headers.get("x-content-type-options")).toBe("nosniff");
      // DNS rebinding: a foreign site's name resolved to 127.0.0.1 reaches the port, but names itself in Host.
      const rebound = await rawGet(first.port, "/dev/outbox", "attacker.example");
      expect(rebound.status).toBe(421);
      expect(JSON.parse(rebound.body)).toMatchObject({ error: { code: "request.host_refused" } });
      expect((await rawGet(first.port, "/v1/health", `127.0.0.1:${first.port}`)).status).toBe(200);
      // A client dribbling header lines (one every 400 ms, forever) is cut off once the headers limit is up.
      const held = await slowHeaders(first.port);
      expect(held.ms).toBeLessThan(1500 + 2000);
      expect(held.answer).toMatch(/^HTTP\/1\.1 408|^$/);
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
