// Web benchmark: the gzipped JavaScript (and CSS) each key route of the single-page app loads on a first visit.
//
// `pnpm bench web` builds packages/web (production) and reads Vite's manifest: a route loads the entry chunk, the
// route's page chunk, and every chunk either imports statically. Options: --no-build (measure dist/ as it is),
// --budget <KB> (exit 1 if the sign-in or home route loads more gzipped script than that; default 150).
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const WEB = fileURLToPath(new URL("../packages/web/", import.meta.url));
const DIST = join(WEB, "dist");

/** The key routes and the module of the page each one shows. */
export const ROUTES: { path: string; page: string; budgeted?: boolean }[] = [
  { path: "/ (landing or home)", page: "src/pages/HomeOrLanding.tsx", budgeted: true },
  { path: "/sign-in", page: "src/pages/auth/SignInPage.tsx", budgeted: true },
  { path: "/sign-up", page: "src/pages/auth/SignUpPage.tsx" },
  { path: "/onboarding/:step", page: "src/pages/onboarding/OnboardingPage.tsx" },
  { path: "/goals/new", page: "src/pages/goals/GoalEditPage.tsx" },
  { path: "/matches", page: "src/pages/matching/MatchesPage.tsx" },
  { path: "/pods/:podId", page: "src/pages/matching/PodPage.tsx" },
  { path: "/profile", page: "src/pages/settings/ProfilePage.tsx" },
  { path: "/admin/matching", page: "src/pages/admin/AdminMatchingPage.tsx" },
  { path: "/progress", page: "src/pages/learn/ProgressPage.tsx" },
  { path: "/ledger", page: "src/pages/payments/LedgerPage.tsx" },
  { path: "/admin/metrics", page: "src/pages/admin/AdminMetricsPage.tsx" },
];

interface Chunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
  css?: string[];
}

const gzipped = (file: string) => gzipSync(readFileSync(join(DIST, file)), { level: 9 }).length;

/**
 * The manifest key of a page's chunk: its source path, or, for a page another page also imports statically (the
 * sign-up page, which the password pages share), the shared chunk Vite names after it (`_SignUpPage-<hash>.js`).
 */
export function pageChunkKey(manifest: Record<string, Chunk & { name?: string; src?: string }>, page: string): string {
  if (manifest[page]) return page;
  const name = page
    .split("/")
    .pop()!
    .replace(/\.tsx?$/, "");
  const shared = Object.entries(manifest).find(
    ([key, c]) => c.src === page || (key.startsWith("_") && c.name === name),
  );
  if (!shared) throw new Error(`${page} is not in the build manifest`);
  return shared[0];
}

/** Files a route loads: the entry's and the page's chunks with everything they import statically. */
export function filesFor(manifest: Record<string, Chunk>, page: string): { js: Set<string>; css: Set<string> } {
  const js = new Set<string>();
  const css = new Set<string>();
  const visit = (key: string) => {
    const chunk = manifest[key];
    if (!chunk) throw new Error(`${key} is not in the build manifest`);
    if (js.has(chunk.file)) return;
    js.add(chunk.file);
    for (const c of chunk.css ?? []) css.add(c);
    for (const i of chunk.imports ?? []) visit(i);
  };
  const entry = Object.entries(manifest).find(([, c]) => c.isEntry)?.[0];
  if (!entry) throw new Error("the build manifest has no entry");
  visit(entry);
  visit(pageChunkKey(manifest, page));
  return { js, css };
}

export async function run(args: string[]) {
  if (!args.includes("--no-build")) {
    const built = spawnSync("pnpm", ["--filter", "@pactly/web", "build"], {
      stdio: ["ignore", "ignore", "inherit"],
      env: { ...process.env, NODE_ENV: "production" },
    });
    if (built.status !== 0) throw new Error("The web app did not build.");
  }
  const budgetAt = args.indexOf("--budget");
  const budgetKb = budgetAt >= 0 ? Number(args[budgetAt + 1]) : 150;
  const manifest = JSON.parse(readFileSync(join(DIST, ".vite", "manifest.json"), "utf8")) as Record<string, Chunk>;
  const kb = (bytes: number) => (bytes / 1024).toFixed(1);

  console.log("| route | script files | script (gzip KB) | script (raw KB) | CSS (gzip KB) |");
  console.log("|---|---:|---:|---:|---:|");
  const over: string[] = [];
  for (const route of ROUTES) {
    const { js, css } = filesFor(manifest, route.page);
    const jsGzip = [...js].reduce((n, f) => n + gzipped(f), 0);
    const jsRaw = [...js].reduce((n, f) => n + readFileSync(join(DIST, f)).length, 0);
    const cssGzip = [...css].reduce((n, f) => n + gzipped(f), 0);
    console.log(`| ${route.path} | ${js.size} | ${kb(jsGzip)} | ${kb(jsRaw)} | ${kb(cssGzip)} |`);
    if (route.budgeted && jsGzip > budgetKb * 1024) over.push(`${route.path}: ${kb(jsGzip)} KB`);
  }
  const all = Object.values(manifest).map((c) => c.file);
  const total = [...new Set(all)].filter((f) => f.endsWith(".js")).reduce((n, f) => n + gzipped(f), 0);
  console.log(`\nAll script chunks together: ${kb(total)} KB gzipped (${new Set(all).size} files).`);
  if (over.length > 0) {
    console.error(`Over the ${budgetKb} KB budget: ${over.join("; ")}`);
    process.exitCode = 1;
  } else console.log(`Sign-in and home are within the ${budgetKb} KB budget of gzipped script.`);
}
