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

  it("refuses a provider with a client id but no secret", () => {
    expect(() => loadConfig({ PACTLY_OAUTH_GITHUB_CLIENT_ID: "id" })).toThrow(/oauth\.github\.clientSecret/);
  });

  it("takes a secret SST has not resolved yet as not set", () => {
    expect(loadConfig({ PACTLY_JWT_PRIVATE_KEY: "__FETCH_FROM_SSM__" }).jwtPrivateKey).toBeUndefined();
  });
});
