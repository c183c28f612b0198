// Before the browser tests: Chromium must be there, and packages/web/dist must be built from the current sources.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const CHROMIUM = process.env.PACTLY_CHROMIUM ?? "/usr/bin/chromium";
const WEB = fileURLToPath(new URL("../../../web/", import.meta.url));

/** The newest modification time under a folder (node_modules and dist left out). */
function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "node_modules" || entry.name === "dist") continue;
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

export default function setup() {
  // Screenshots are this run's: a stale one from an earlier failure would mislead.
  rmSync(fileURLToPath(new URL("../../../../test-artifacts/e2e/", import.meta.url)), { recursive: true, force: true });
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is not at ${CHROMIUM}: install it with \`apt-get install chromium\` (or set PACTLY_CHROMIUM).`,
    );
  }
  const built = join(WEB, "dist", "index.html");
  const sources = Math.max(
    newest(join(WEB, "src")),
    newest(join(WEB, "public")),
    statSync(join(WEB, "index.html")).mtimeMs,
  );
  if (!existsSync(built) || statSync(built).mtimeMs < sources) {
    // NODE_ENV is "test" inside vitest: the app must be built as it ships (React's production build, the service worker).
    const r = spawnSync("pnpm", ["--filter", "@pactly/web", "build"], {
      stdio: "inherit",
      env: { ...process.env, NODE_ENV: "production" },
    });
    if (r.status !== 0) throw new Error("The web app did not build; see the output above.");
  }
}
