// The emulators behind `pnpm dev`: data survives a restart, stop() frees the port, taken ports and browsers are handled.
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { DynamoDBClient, GetItemCommand, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { ensureTable, S3Blob } from "@pactly/core/platform";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDynamoLocal, startS3Emulator } from "./emulators.js";
import { probePort } from "./ports.js";

let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "pactly-emulators-"));
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

/** Holds a port the way another program would. */
async function occupy(): Promise<{ port: number; server: Server }> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("no port");
  return { port: address.port, server };
}

describe("DynamoDB Local", () => {
  it("keeps the database in its data folder across a restart, and stop() ends it and frees the port", async () => {
    const dir = join(dataDir, "dynamodb");
    const key = { pk: { S: "USER#1" }, sk: { S: "PROFILE" } };

    const first = await startDynamoLocal({ dataDir: dir });
    await ensureTable({ tableName: "pactly", region: "us-east-1", endpoint: first.endpoint });
    const writer = new DynamoDBClient({ region: "us-east-1", endpoint: first.endpoint });
    await writer.send(new PutItemCommand({ TableName: "pactly", Item: { ...key, name: { S: "Ada" } } }));
    writer.destroy();
    await first.stop();
    await first.stop();
    await expect(probePort(first.port, "test")).resolves.toBe(first.port);

    const second = await startDynamoLocal({ dataDir: dir });
    try {
      const reader = new DynamoDBClient({ region: "us-east-1", endpoint: second.endpoint });
      const out = await reader.send(new GetItemCommand({ TableName: "pactly", Key: key }));
      reader.destroy();
      expect(out.Item?.name).toEqual({ S: "Ada" });
    } finally {
      await second.stop();
    }
  });

  it("does not outlive the process that started it, even one killed outright", async () => {
    const fixture = fileURLToPath(new URL("../../test/fixtures/dynamo-local-child.ts", import.meta.url));
    const child = spawn(process.execPath, ["--import", "tsx", fixture], { stdio: ["ignore", "pipe", "inherit"] });
    const endpoint = await new Promise<string>((resolveEndpoint, fail) => {
      let out = "";
      child.stdout.on("data", (d: Buffer) => {
        out += d.toString();
        const line = out.split("\n").find((l) => l.startsWith("{"));
        if (line) resolveEndpoint((JSON.parse(line) as { endpoint: string }).endpoint);
      });
      child.once("exit", (code) => fail(new Error(`the child left first (${code})`)));
    });
    const answers = async () => {
      try {
        await fetch(endpoint, { signal: AbortSignal.timeout(1000) });
        return true;
      } catch {
        return false;
      }
    };
    expect(await answers()).toBe(true);
    child.kill("SIGKILL");
    const deadline = Date.now() + 15_000;
    while ((await answers()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
    expect(await answers()).toBe(false);
  }, 90_000);

  it("names the port when the one asked for is taken", async () => {
    const held = await occupy();
    try {
      await expect(startDynamoLocal({ port: held.port })).rejects.toThrow(`Port ${held.port} is already in use`);
    } finally {
      held.server.close();
    }
  });
});

describe("S3 emulator", () => {
  it("keeps objects in its data folder across a restart", async () => {
    const dir = join(dataDir, "s3");
    const first = await startS3Emulator({ dataDir: dir, buckets: ["pactly-uploads"] });
    await new S3Blob({ bucket: "pactly-uploads", region: "us-east-1", endpoint: first.endpoint }).put(
      "a.txt",
      "kept",
      "text/plain",
    );
    await first.stop();

    const second = await startS3Emulator({ dataDir: dir });
    try {
      const got = await new S3Blob({ bucket: "pactly-uploads", region: "us-east-1", endpoint: second.endpoint }).get(
        "a.txt",
      );
      expect(new TextDecoder().decode(got!.body)).toBe("kept");
    } finally {
      await second.stop();
    }
  });

  it("lets a browser on another origin upload to a presigned URL (CORS)", async () => {
    const s3 = await startS3Emulator({ buckets: ["pactly-uploads"] });
    try {
      const blob = new S3Blob({ bucket: "pactly-uploads", region: "us-east-1", endpoint: s3.endpoint });
      const signed = await blob.presignPut("u/a.png", {
        contentType: "image/png",
        expiresInSeconds: 60,
        now: new Date(),
      });
      const origin = "http://localhost:3000";
      const preflight = await fetch(signed.url, {
        method: "OPTIONS",
        headers: { origin, "access-control-request-method": "PUT", "access-control-request-headers": "content-type" },
      });
      expect(preflight.status).toBe(200);
      expect(preflight.headers.get("access-control-allow-origin")).toBe(origin);
      expect(preflight.headers.get("access-control-allow-methods")).toContain("PUT");
      expect(preflight.headers.get("access-control-allow-headers")).toContain("content-type");
      const upload = await fetch(signed.url, { method: "PUT", headers: { ...signed.headers, origin }, body: "png" });
      expect(upload.status).toBe(200);
      expect(upload.headers.get("access-control-allow-origin")).toBe(origin);
    } finally {
      await s3.stop();
    }
  });

  it("names the port when the one asked for is taken", async () => {
    const held = await occupy();
    try {
      await expect(startS3Emulator({ port: held.port })).rejects.toThrow(`Port ${held.port} is already in use`);
    } finally {
      held.server.close();
    }
  });
});
