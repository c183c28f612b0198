// Resolves the SST secrets bound to a function (Config.Secret → SSM parameters) into plain environment values.
// SST v2 sets `SST_Secret_value_<NAME>=__FETCH_FROM_SSM__`; the value lives in SSM under the app and stage,
// with an app-wide fallback. Done once at cold start, before the config is parsed.

import { setInvocationTraceHeader } from "@pactly/core/platform/tracing";

type Env = Record<string, string | undefined>;
export type FetchParameters = (names: string[]) => Promise<{ values: Record<string, string>; missing: string[] }>;

const SECRET_PREFIX = "SST_Secret_value_";
/**
 * Secrets of features a stage may go without, so a stage serves with only the secrets of what it uses: without an
 * OpenAI key the coach and tutor run their offline versions; without the Stripe keys, deposits are not offered.
 * The token-signing key and each enabled sign-in provider's secret stay required.
 */
const OPTIONAL_SECRETS = new Set(["OPENAI_API_KEY", "STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET"]);
const FETCH = "__FETCH_FROM_SSM__";

async function ssmFetch(region: string | undefined): Promise<FetchParameters> {
  const { SSMClient, GetParametersCommand } = await import("@aws-sdk/client-ssm");
  const ssm = new SSMClient({ region });
  return async (names) => {
    const values: Record<string, string> = {};
    const missing: string[] = [];
    for (let i = 0; i < names.length; i += 10) {
      const out = await ssm.send(new GetParametersCommand({ Names: names.slice(i, i + 10), WithDecryption: true }));
      for (const p of out.Parameters ?? []) if (p.Name && p.Value !== undefined) values[p.Name] = p.Value;
      missing.push(...(out.InvalidParameters ?? []));
    }
    return { values, missing };
  };
}

/** The bound secrets by name (STRIPE_SECRET_KEY, …), merged over the environment. */
export async function withSecrets(env: Env, fetchParameters?: FetchParameters): Promise<Env> {
  // Lambda sets the invocation's X-Ray header in the environment anew for every invocation: read it when a trace
  // starts (`env` is the live process environment in the Lambda entries).
  setInvocationTraceHeader(() => env._X_AMZN_TRACE_ID);
  const wanted = Object.entries(env)
    .filter(([k, v]) => k.startsWith(SECRET_PREFIX) && v !== undefined)
    .map(([k, v]) => ({ name: k.slice(SECRET_PREFIX.length), value: v as string }));
  const resolved: Env = {};
  for (const w of wanted) if (w.value !== FETCH) resolved[w.name] = w.value;
  const toFetch = wanted.filter((w) => w.value === FETCH).map((w) => w.name);
  if (toFetch.length > 0) {
    const fetchIt = fetchParameters ?? (await ssmFetch(env.SST_REGION ?? env.AWS_REGION));
    const stagePath = (n: string) => `${env.SST_SSM_PREFIX ?? ""}Secret/${n}/value`;
    const fallbackPath = (n: string) => `/sst/${env.SST_APP}/.fallback/Secret/${n}/value`;
    const first = await fetchIt(toFetch.map(stagePath));
    const stillMissing: string[] = [];
    for (const n of toFetch) {
      const v = first.values[stagePath(n)];
      if (v !== undefined) resolved[n] = v;
      else stillMissing.push(n);
    }
    if (stillMissing.length > 0) {
      const fallback = await fetchIt(stillMissing.map(fallbackPath));
      const unset: string[] = [];
      for (const n of stillMissing) {
        const v = fallback.values[fallbackPath(n)];
        if (v !== undefined) resolved[n] = v;
        else if (!OPTIONAL_SECRETS.has(n)) unset.push(n);
      }
      if (unset.length > 0) {
        throw new Error(
          `Secrets not set for stage "${env.SST_STAGE}": ${unset.join(", ")} (sst secrets set <NAME> <value>).`,
        );
      }
    }
  }
  return { ...env, ...resolved };
}
