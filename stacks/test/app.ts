// Builds the whole app offline for template tests: the real sst.config.ts stacks, no AWS calls, no bundling.
//
// SST builds function code and the web site in deferred tasks that only `app.finish()` runs (`sst deploy` calls
// it); synthesis alone leaves placeholder code, so these tests neither bundle nor touch the network.
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { Template } from "aws-cdk-lib/assertions";
import { App, getStack } from "sst/constructs";
import { setProject } from "sst/project.js";
import config from "../../sst.config.js";

export const TEST_STAGE = "test";
export const TEST_ACCOUNT = "123456789012";
export const TEST_REGION = "us-east-1";

/** CloudFormation templates are untyped JSON; the tests read them by path. */
export type Cfn = any;

export interface SynthOptions {
  /** The deploy-time settings (PACTLY_* variables, which SST loads from `.env.<stage>`), whatever the shell holds. */
  env?: Record<string, string>;
  /** "deploy" as `sst deploy` builds the app, or "dev" as `sst dev` does. */
  mode?: "deploy" | "dev";
}

export function synthApp({ env = {}, mode = "deploy" }: SynthOptions = {}) {
  // As `sst deploy` does: SST itself passes props CDK has deprecated, and the notices would drown the test output.
  process.env.JSII_DEPRECATED = "quiet";
  // SST appends to a debug.log in this folder in the background, so it is left in place (under the gitignored
  // .sst/) rather than removed when the tests end, which would race that write.
  // One folder per mode: test files synthesizing in each mode run side by side.
  const scratch = path.join(process.cwd(), ".sst", `test-${mode}`);
  mkdirSync(scratch, { recursive: true });
  clearOldRuns(scratch);
  const out = mkdtempSync(path.join(scratch, "synth-"));
  setProject({
    version: "test",
    cdkVersion: "test",
    constructsVersion: "test",
    config: { name: "pactly", stage: TEST_STAGE, region: TEST_REGION, ssmPrefix: `/sst/pactly/${TEST_STAGE}/` },
    paths: { root: process.cwd(), config: "sst.config.ts", out, artifacts: path.join(out, "artifacts") },
    metafile: { inputs: {}, outputs: {} },
    stacks: config.stacks,
  });
  const app = new App({
    mode,
    name: "pactly",
    stage: TEST_STAGE,
    region: TEST_REGION,
    account: TEST_ACCOUNT,
  });
  withDeployEnv(env, () => config.stacks(app));
  return {
    app,
    template: (fn: Parameters<typeof getStack>[0]) => Template.fromStack(getStack(fn)),
  };
}

/** What earlier runs left: only folders an hour old, so a run going on beside this one (same checkout) keeps its own. */
function clearOldRuns(scratch: string) {
  const anHourAgo = Date.now() - 3_600_000;
  for (const name of readdirSync(scratch)) {
    const folder = path.join(scratch, name);
    if (statSync(folder).mtimeMs < anHourAgo) rmSync(folder, { recursive: true, force: true });
  }
}

/** Runs `fn` with `env` as the only PACTLY_* variables (the stacks read them while they are built), then restores. */
function withDeployEnv(env: Record<string, string>, fn: () => void) {
  const saved = Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith("PACTLY_")));
  for (const k of Object.keys(saved)) delete process.env[k];
  Object.assign(process.env, env);
  try {
    fn();
  } finally {
    for (const k of Object.keys(env)) delete process.env[k];
    Object.assign(process.env, saved);
  }
}

/** Logical id → resource properties, for one CloudFormation type. */
export function resourcesOf(template: Template, type: string): [string, Cfn][] {
  return Object.entries(template.findResources(type)).map(([id, r]) => [id, (r as Cfn).Properties ?? {}]);
}

/** The one resource of a type whose properties match; fails when there is not exactly one. */
export function onlyResource(template: Template, type: string, match: (props: Cfn) => boolean): [string, Cfn] {
  const found = resourcesOf(template, type).filter(([, p]) => match(p));
  if (found.length !== 1) throw new Error(`Expected one ${type} to match, found ${found.length}`);
  return found[0]!;
}

/** Every statement of every identity and resource policy in a template. */
export function policyStatements(template: Template): { resource: string; statement: Cfn }[] {
  const out: { resource: string; statement: Cfn }[] = [];
  for (const [id, r] of Object.entries(template.toJSON().Resources as Record<string, Cfn>)) {
    const docs: Cfn[] = [];
    if (
      ["AWS::IAM::Policy", "AWS::IAM::ManagedPolicy", "AWS::S3::BucketPolicy", "AWS::SQS::QueuePolicy"].includes(r.Type)
    ) {
      docs.push(r.Properties.PolicyDocument);
    }
    if (r.Type === "AWS::IAM::Role") docs.push(...(r.Properties.Policies ?? []).map((p: Cfn) => p.PolicyDocument));
    for (const doc of docs) for (const statement of doc.Statement) out.push({ resource: id, statement });
  }
  return out;
}

export const asList = <T>(v: T | T[]): T[] => (Array.isArray(v) ? v : [v]);
