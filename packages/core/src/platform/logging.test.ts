import { describe, expect, it, vi } from "vitest";
import { createLogger, memoryLogger, redact } from "./logging.js";

/** Everything a logger writes for `data`, as one string, and its first entry. */
function logged(msg: string, data?: Record<string, unknown>) {
  const log = memoryLogger();
  log.info(msg, data);
  return { line: log.lines.join("\n"), entry: JSON.parse(log.lines[0]!) as Record<string, unknown> };
}

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

  it("redacts a bearer token inside free text, whole, however it is spaced", () => {
    const { line, entry } = logged("retrying with Bearer  opaque-token_123.x~y+z/w= after 401", {
      detail: "upstream said: bearer\tsk_live_ABCdef123 rejected",
    });
    for (const secret of ["opaque-token_123", "token_123.x~y+z/w=", "sk_live_ABCdef123", "ABCdef123"]) {
      expect(line).not.toContain(secret);
    }
    expect(entry.msg).toBe("retrying with Bearer [redacted] after 401");
    expect(entry.detail).toBe("upstream said: Bearer [redacted] rejected");
  });

  it("redacts a JWT in free text with its signature, not only its header", () => {
    const jwt = "eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiIxMjMifQ.c2lnbmF0dXJlLXBhcnQtb2YtdGhlLXRva2Vu";
    const { line, entry } = logged(`callback with id_token=${jwt}&state=abc`);
    expect(line).not.toContain("c2lnbmF0dXJl");
    expect(line).not.toContain("dG9rZW4");
    expect(entry.msg).toBe("callback with id_token=[jwt]&state=abc");
  });

  it("redacts every spelling of an API key and a bare pass", () => {
    const { line, entry } = logged("config", {
      apiKey: "k-1",
      api_key: "k-2",
      "x-api-key": "k-3",
      APIKEY: "k-4",
      pass: "k-5",
      passphrase: "k-6",
      clientSecret: "k-7",
      cookie: "k-8",
      phone: "k-9",
      signature: "k-10",
      region: "eu-west-1",
    });
    expect(line).not.toMatch(/k-\d/);
    expect(entry).toMatchObject({ apiKey: "[redacted]", api_key: "[redacted]", "x-api-key": "[redacted]" });
    expect(entry).toMatchObject({ APIKEY: "[redacted]", pass: "[redacted]", region: "eu-west-1" });
  });

  it("shows a sensitive field that is missing as missing, and redacts one that is empty", () => {
    expect(redact({ password: undefined, token: null, secret: "", n: 1 })).toEqual({
      password: undefined,
      token: null,
      secret: "[redacted]",
      n: 1,
    });
  });

  it("writes a cyclic object once, naming the references back as [circular]", () => {
    const request: Record<string, unknown> = { path: "/v1/me", owner: "ada@example.com" };
    request.self = request;
    request.socket = { request, parent: { request } };
    const list: unknown[] = ["x"];
    list.push(list);
    const { entry } = logged("cyclic", { request, list });
    expect(entry.request).toEqual({
      path: "/v1/me",
      owner: "[email]",
      self: "[circular]",
      socket: { request: "[circular]", parent: { request: "[circular]" } },
    });
    expect(entry.list).toEqual(["x", "[circular]"]);
  });

  it("writes an object met twice but not inside itself in full both times", () => {
    const shared = { id: "s-1" };
    expect(redact({ a: shared, b: [shared, shared] })).toEqual({ a: { id: "s-1" }, b: [{ id: "s-1" }, { id: "s-1" }] });
  });

  it("keeps arrays as arrays, redacting what is in them", () => {
    expect(redact(["mail ada@example.com", 3, null, ["Bearer abc"]])).toEqual([
      "mail [email]",
      3,
      null,
      ["Bearer [redacted]"],
    ]);
  });

  it("stops at eight levels of nesting, through objects and arrays alike", () => {
    let deep: unknown = "bottom";
    for (let i = 0; i < 9; i++) deep = i % 2 ? [deep] : { down: deep };
    // Levels 0 to 8 are written; what lies below level 8 is not.
    let level: unknown = redact(deep);
    for (let i = 8; i >= 0; i--) level = i % 2 ? (level as unknown[])[0] : (level as { down: unknown }).down;
    expect(level).toBe("[depth]");
    let shallow: unknown = "bottom";
    for (let i = 0; i < 8; i++) shallow = i % 2 ? [shallow] : { down: shallow };
    expect(JSON.stringify(redact(shallow))).toContain('"bottom"');
    // An error at the last level written keeps its name; its message and stack lie below it.
    let errorAtBottom: unknown = new Error("ada@example.com");
    for (let i = 0; i < 8; i++) errorAtBottom = { down: errorAtBottom };
    expect(JSON.stringify(redact(errorAtBottom))).toContain('{"name":"Error","message":"[depth]","stack":"[depth]"}');
    let errorAbove: unknown = new Error("ada@example.com");
    for (let i = 0; i < 7; i++) errorAbove = { down: errorAbove };
    expect(JSON.stringify(redact(errorAbove))).toContain('"message":"[email]","stack":"Error: [email]');
  });

  it("writes an error without a stack, and keeps only the first lines of a long stack", () => {
    const bare = new Error("no stack here");
    bare.stack = undefined;
    expect(redact(bare)).toEqual({ name: "Error", message: "no stack here", stack: undefined });
    const long = new RangeError("deep");
    long.stack = ["RangeError: deep", ...Array.from({ length: 20 }, (_, i) => `    at f${i} (x.js:${i}:1)`)].join("\n");
    const out = redact(long) as { name: string; stack: string };
    expect(out.name).toBe("RangeError");
    expect(out.stack.split("\n")).toEqual(long.stack.split("\n").slice(0, 6));
  });

  it("writes each level's name, keeps lines at the configured level, and logs debug in memory by default", () => {
    const log = memoryLogger();
    log.debug("d");
    log.info("i");
    log.warn("w");
    log.error("e");
    expect(log.lines.map((l) => JSON.parse(l).level)).toEqual(["debug", "info", "warn", "error"]);
    const warn = memoryLogger("warn");
    warn.info("dropped");
    warn.warn("kept");
    expect(warn.lines.map((l) => JSON.parse(l).msg)).toEqual(["kept"]);
  });

  it("logs from info up by default, with the time of the given clock, to stdout unless told otherwise", () => {
    const lines: string[] = [];
    const log = createLogger({ sink: (l) => lines.push(l), now: () => new Date("2026-03-02T10:00:00Z") });
    log.debug("hidden");
    log.info("shown", { n: 1 });
    expect(lines.map((l) => JSON.parse(l))).toEqual([
      { level: "info", time: "2026-03-02T10:00:00.000Z", msg: "shown", n: 1 },
    ]);
    const write = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    try {
      createLogger({ now: () => new Date("2026-03-02T10:00:00Z") }).warn("to stdout");
      expect(write).toHaveBeenCalledWith('{"level":"warn","time":"2026-03-02T10:00:00.000Z","msg":"to stdout"}\n');
    } finally {
      write.mockRestore();
    }
  });

  it("writes the time of the wall clock when given none", () => {
    const { entry } = logged("now");
    expect(Number.isNaN(Date.parse(entry.time as string))).toBe(false);
  });
});
