// Serves the built web app (packages/web/dist) locally, with the single-page-app fallback CloudFront gives in the cloud.
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize, sep } from "node:path";
import type { Context } from "hono";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".webmanifest": "application/manifest+json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".txt": "text/plain; charset=utf-8",
  ".woff2": "font/woff2",
};

export function staticWeb(distDir: string) {
  return async (c: Context) => {
    const path = decodeURIComponent(new URL(c.req.url).pathname);
    // An unknown API or dev path is a 404 in the error format, never the app shell.
    if (/^\/(v1|dev)(\/|$)/.test(path)) return c.notFound();
    const root = normalize(distDir).replace(/[/\\]+$/, "");
    const candidate = normalize(join(root, path));
    // A path that climbs out of the web folder (../) is not served.
    if (candidate !== root && !candidate.startsWith(root + sep)) return c.notFound();
    const file = await stat(candidate)
      .then((s) => (s.isFile() ? candidate : undefined))
      .catch(() => undefined);
    const target = file ?? join(distDir, "index.html");
    try {
      const body = await readFile(target);
      const hashed = file !== undefined && /\/assets\//.test(path);
      return c.body(body, 200, {
        "content-type": TYPES[extname(target)] ?? "application/octet-stream",
        "cache-control": hashed ? "public, max-age=31536000, immutable" : "no-cache",
      });
    } catch {
      return c.html(
        `<!doctype html><title>Pactly</title><p>The web app is not built yet. Run <code>pnpm --filter @pactly/web build</code> (pnpm dev does it for you).</p><p>The API is up: <a href="/v1/health">/v1/health</a>, <a href="/docs">/docs</a>.</p>`,
        200,
      );
    }
  };
}
