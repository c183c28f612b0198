import { describe, expect, it } from "vitest";
import { type FetchParameters, withSecrets } from "./cloud-env.js";

function fakeSsm(store: Record<string, string>): FetchParameters & { asked: string[][] } {
  const asked: string[][] = [];
  const fn = async (names: string[]) => {
    asked.push(names);
    const values: Record<string, string> = {};
    const missing: string[] = [];
    for (const n of names) {
      if (store[n] !== undefined) values[n] = store[n];
      else missing.push(n);
    }
    return { values, missing };
  };
  return Object.assign(fn, { asked });
}

const base = { SST_APP: "pactly", SST_STAGE: "prod", SST_SSM_PREFIX: "/sst/pactly/prod/" };

describe("secrets bound by SST", () => {
  it("fetches bound secrets from the stage's SSM path and exposes them by name", async () => {
    const ssm = fakeSsm({ "/sst/pactly/prod/Secret/STRIPE_SECRET_KEY/value": "sk_live_1" });
    const env = await withSecrets(
      { ...base, SST_Secret_value_STRIPE_SECRET_KEY: "__FETCH_FROM_SSM__", OTHER: "x" },
      ssm,
    );
    expect(env.STRIPE_SECRET_KEY).toBe("sk_live_1");
    expect(env.OTHER).toBe("x");
  });

  it("falls back to the app-wide value when the stage has none", async () => {
    const ssm = fakeSsm({ "/sst/pactly/.fallback/Secret/OPENAI_API_KEY/value": "sk-fallback" });
    const env = await withSecrets({ ...base, SST_Secret_value_OPENAI_API_KEY: "__FETCH_FROM_SSM__" }, ssm);
    expect(env.OPENAI_API_KEY).toBe("sk-fallback");
    expect(ssm.asked).toHaveLength(2);
  });

  it("refuses to start when a bound secret is set nowhere, naming it", async () => {
    await expect(
      withSecrets({ ...base, SST_Secret_value_JWT_PRIVATE_KEY: "__FETCH_FROM_SSM__" }, fakeSsm({})),
    ).rejects.toThrow(/JWT_PRIVATE_KEY/);
  });

  it("does not call SSM when nothing is bound", async () => {
    const ssm = fakeSsm({});
    expect(await withSecrets({ A: "1" }, ssm)).toEqual({ A: "1" });
    expect(ssm.asked).toHaveLength(0);
  });

  it("lets a stage leave the OpenAI key unset: the coach then runs offline", async () => {
    const env = await withSecrets({ ...base, SST_Secret_value_OPENAI_API_KEY: "__FETCH_FROM_SSM__" }, fakeSsm({}));
    expect(env.OPENAI_API_KEY).toBeUndefined();
  });

  it("serves a stage that set only the token-signing key: the Stripe and OpenAI secrets stay unset", async () => {
    const bound = ["STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET", "OPENAI_API_KEY", "JWT_PRIVATE_KEY"];
    const env = await withSecrets(
      { ...base, ...Object.fromEntries(bound.map((n) => [`SST_Secret_value_${n}`, "__FETCH_FROM_SSM__"])) },
      fakeSsm({ "/sst/pactly/prod/Secret/JWT_PRIVATE_KEY/value": "-----BEGIN PRIVATE KEY-----" }),
    );
    expect(env.JWT_PRIVATE_KEY).toBe("-----BEGIN PRIVATE KEY-----");
    expect([env.STRIPE_SECRET_KEY, env.STRIPE_WEBHOOK_SECRET, env.OPENAI_API_KEY]).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
  });

  it("still refuses to start without the secret of a sign-in provider the stage enabled", async () => {
    await expect(
      withSecrets({ ...base, SST_Secret_value_OAUTH_GITHUB_CLIENT_SECRET: "__FETCH_FROM_SSM__" }, fakeSsm({})),
    ).rejects.toThrow(/OAUTH_GITHUB_CLIENT_SECRET/);
  });
});
