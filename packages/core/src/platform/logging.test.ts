import { describe, expect, it } from "vitest";
import { memoryLogger, redact } from "./logging.js";

describe("structured logs", () => {
  it("writes one JSON object per line with bindings from child loggers", () => {
    const log = memoryLogger();
    log.child({ requestId: "r-1" }).info("request", { status: 200 });
    const entry = JSON.parse(log.lines[0]!);
    expect(entry).toMatchObject({ level: "info", msg: "request", requestId: "r-1", status: 200 });
    expect(typeof entry.time).toBe("string");
  });

  it("never writes emails, tokens, passwords or JWTs", () => {
    const log = memoryLogger();
    log.warn("login failed for ada@example.com", {
      email: "ada@example.com",
      password: "hunter2",
      headers: { authorization: "Bearer abc.def.ghi" },
      note: "token eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiIxMjMifQ.c2lnbmF0dXJl and mail bob@example.org",
      nested: [{ refreshToken: "r-123" }],
    });
    const line = log.lines.join("\n");
    for (const secret of [
      "ada@example.com",
      "bob@example.org",
      "hunter2",
      "abc.def.ghi",
      "eyJhbGciOiJFZERTQSJ9",
      "r-123",
    ]) {
      expect(line).not.toContain(secret);
    }
    expect(line).toContain("[email]");
  });

  it("keeps an error's name and message but redacts what is inside", () => {
    const out = redact(new Error("no user carol@example.net")) as { name: string; message: string };
    expect(out.name).toBe("Error");
    expect(out.message).toBe("no user [email]");
  });

  it("drops lines below the configured level", () => {
    const log = memoryLogger("warn");
    log.info("quiet");
    log.error("loud");
    expect(log.lines).toHaveLength(1);
  });

  it("redacts an error's stack too, whose first line repeats the message (an SES rejection names the recipient)", () => {
    const log = memoryLogger();
    const e = new Error("Email address is not verified: ada@example.com");
    log.error("send failed", { error: e, cause: { nested: new TypeError("bad Bearer abc.def.ghi") } });
    const line = log.lines.join("\n");
    expect(line).not.toContain("ada@example.com");
    expect(line).not.toContain("abc.def.ghi");
    const entry = JSON.parse(log.lines[0]!);
    expect(entry.error.stack).toMatch(/^Error: Email address is not verified: \[email\]\n\s+at /);
  });
});
