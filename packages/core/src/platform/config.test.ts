import { describe, expect, it } from "vitest";
import { loadConfig } from "./config.js";

describe("loadConfig", () => {
  it("gives every setting its default when the environment names none", () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      runtime: "local",
      stage: "local",
      tableName: "pactly",
      maxBodyBytes: 1024 * 1024,
      traceRetentionDays: 90,
      cookieSameSite: "Lax",
      corsOrigins: [],
      queueUrls: {},
      oauth: {},
      devSignIn: false,
    });
  });

  it("takes Stripe from its secrets: the key alone where only refunds are made, the signing secret with it", () => {
    expect(loadConfig({}).stripe).toBeUndefined();
    expect(loadConfig({ STRIPE_WEBHOOK_SECRET: "whsec_1" }).stripe).toBeUndefined();
    expect(loadConfig({ STRIPE_SECRET_KEY: "sk_test_1" }).stripe).toEqual({ secretKey: "sk_test_1" });
    expect(
      loadConfig({
        STRIPE_SECRET_KEY: "sk_test_1",
        STRIPE_WEBHOOK_SECRET: "whsec_1",
        PACTLY_STRIPE_API_URL: "http://127.0.0.1:12111",
      }).stripe,
    ).toEqual({ secretKey: "sk_test_1", webhookSecret: "whsec_1", apiUrl: "http://127.0.0.1:12111" });
    expect(loadConfig({}).depositsRequired).toBe(true);
    expect(loadConfig({ PACTLY_DEPOSITS_REQUIRED: "false" }).depositsRequired).toBe(false);
  });

  it("reads numbers, lists and JSON from their environment strings", () => {
    const config = loadConfig({
      AWS_LAMBDA_FUNCTION_NAME: "api",
      PACTLY_MAX_BODY_BYTES: "2048",
      PACTLY_TRACE_RETENTION_DAYS: "30",
      PACTLY_CORS_ORIGINS: " https://a.example , https://b.example,",
      PACTLY_QUEUE_URLS: '{"coach":"https://sqs.example/coach.fifo"}',
      PACTLY_OAUTH_MICROSOFT_CLIENT_ID: "id",
      PACTLY_OAUTH_MICROSOFT_CLIENT_SECRET: "secret",
    });
    expect(config.runtime).toBe("aws");
    expect(config.maxBodyBytes).toBe(2048);
    expect(config.traceRetentionDays).toBe(30);
    expect(config.corsOrigins).toEqual(["https://a.example", "https://b.example"]);
    expect(config.queueUrls).toEqual({ coach: "https://sqs.example/coach.fifo" });
    expect(config.oauth.microsoft).toEqual({ clientId: "id", clientSecret: "secret", tenant: "common" });
  });

  it("refuses a bad value, naming the setting in plain words", () => {
    expect(() => loadConfig({ PACTLY_MAX_BODY_BYTES: "12" })).toThrow(
      "Invalid configuration: maxBodyBytes: Use 1024 or more.",
    );
    expect(() => loadConfig({ PACTLY_TRACE_RETENTION_DAYS: "1.5" })).toThrow(/traceRetentionDays/);
    expect(() => loadConfig({ PACTLY_API_URL: "not a url" })).toThrow(/apiUrl: This is not in the expected format/);
    expect(() => loadConfig({ PACTLY_COOKIE_SAMESITE: "Sometimes" })).toThrow(
      /cookieSameSite: Choose one of the options/,
    );
    expect(() => loadConfig({ PACTLY_EDGE_SECRET: "short" })).toThrow(/edgeSecret: Use at least 16 characters/);
  });

  it("turns the language model and Judge0 on only when configured", () => {
    expect(loadConfig({}).llm).toBeUndefined();
    expect(loadConfig({}).judge0).toBeUndefined();
    expect(loadConfig({ OPENAI_API_KEY: "sk-1" }).llm).toEqual({
      baseUrl: "https://api.openai.com/v1",
      apiKey: "sk-1",
      model: "gpt-4o-mini",
    });
    expect(
      loadConfig({
        PACTLY_LLM_BASE_URL: "http://127.0.0.1:11434/v1",
        PACTLY_LLM_MODEL: "llama3",
        PACTLY_LLM_EMBEDDING_MODEL: "nomic-embed-text",
      }).llm,
    ).toEqual({ baseUrl: "http://127.0.0.1:11434/v1", model: "llama3", embeddingModel: "nomic-embed-text" });
    expect(loadConfig({ OPENAI_API_KEY: "__FETCH_FROM_SSM__" }).llm).toBeUndefined();
    expect(loadConfig({ PACTLY_JUDGE0_URL: "http://127.0.0.1:2358", PACTLY_JUDGE0_KEY: "k" }).judge0).toEqual({
      url: "http://127.0.0.1:2358",
      apiKey: "k",
    });
    expect(() => loadConfig({ PACTLY_LLM_BASE_URL: "not a url" })).toThrow();
  });

  it("refuses a provider with a client id but no secret", () => {
    expect(() => loadConfig({ PACTLY_OAUTH_GITHUB_CLIENT_ID: "id" })).toThrow(/oauth\.github\.clientSecret/);
  });

  it("takes a secret SST has not resolved yet as not set", () => {
    expect(loadConfig({ PACTLY_JWT_PRIVATE_KEY: "__FETCH_FROM_SSM__" }).jwtPrivateKey).toBeUndefined();
  });

  it("cleans the content filter's word lists and refuses one too long", () => {
    const config = loadConfig({ PACTLY_CONTENT_BLOCK: " BadWord , badword, Other Phrase ", PACTLY_CONTENT_FLAG: "" });
    expect(config.contentFilter).toEqual({ block: ["badword", "other phrase"], flag: [] });
    expect(() => loadConfig({ PACTLY_CONTENT_FLAG: "x".repeat(81) })).toThrow(
      "Invalid configuration: contentFilter.flag.0: Use at most 80 characters.",
    );
    const many = Array.from({ length: 501 }, (_, i) => `w${i}`).join(",");
    expect(() => loadConfig({ PACTLY_CONTENT_BLOCK: many })).toThrow(/contentFilter\.block: Choose at most 500/);
  });

  it("names every bad setting at once, in overrides too, and keeps only known settings", () => {
    expect(() =>
      loadConfig({ PACTLY_QUEUE_URLS: '{"coach": 5}', PACTLY_LOG_LEVEL: "loud" }, { depositsRequired: "yes" as never }),
    ).toThrow(
      "Invalid configuration: logLevel: Choose one of the options.; queueUrls.coach: This is not a valid value.; depositsRequired: This is not a valid value.",
    );
    expect(loadConfig({}, { unknownSetting: 1 } as never)).not.toHaveProperty("unknownSetting");
  });

  it("gives each config its own copy of a default list or object", () => {
    const a = loadConfig({});
    a.corsOrigins.push("https://changed.example");
    a.contentFilter.block.push("changed");
    const b = loadConfig({});
    expect(b.corsOrigins).toEqual([]);
    expect(b.contentFilter.block).toEqual([]);
  });
});
