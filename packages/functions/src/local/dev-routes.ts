// Local-only pages: the email outbox (HTML, or JSON with Accept: application/json) and queue/schedule state.
import { OpenAPIHono } from "@hono/zod-openapi";
import type { Platform } from "@pactly/core/platform";
import { deadEffects, pendingEffects, QUEUE_NAMES } from "@pactly/core/platform";
import type { AppEnv } from "../api/env.js";

const esc = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
/** Makes links in plain-text mail clickable in the outbox page. */
const linkify = (s: string) => esc(s).replace(/https?:\/\/[^\s<]+/g, (u) => `<a href="${u}">${u}</a>`);

export function devRoutes(p: Platform) {
  const local = p.local;
  if (!local) throw new Error("Dev routes exist only in the local runtime.");
  const app = new OpenAPIHono<AppEnv>();

  app.get("/outbox", async (c) => {
    const to = c.req.query("to");
    const page = await local.outbox.list({ ...(to ? { to } : {}), limit: 100, cursor: c.req.query("cursor") ?? null });
    if ((c.req.header("accept") ?? "").includes("application/json")) return c.json(page);
    const rows = page.items
      .map(
        (m) => `<article data-mail-id="${esc(m.id)}">
  <header><strong>${esc(m.subject)}</strong><br><small>to ${esc(m.to)} · ${esc(m.sentAt)}${m.template ? ` · ${esc(m.template)}` : ""}</small></header>
  ${
    m.headers
      ? `<dl class="headers">${Object.entries(m.headers)
          .map(([k, v]) => `<dt>${esc(k)}</dt><dd>${linkify(v.replace(/^<(.*)>$/, "$1"))}</dd>`)
          .join("")}</dl>`
      : ""
  }
  <pre>${linkify(m.text)}</pre>
  ${m.html ? `<details><summary>HTML part</summary><iframe title="HTML part" sandbox srcdoc="${esc(m.html)}"></iframe></details>` : ""}
</article>`,
      )
      .join("\n");
    return c.html(`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Outbox — Pactly (local)</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:900px;margin:0 auto;padding:1rem}article{border:1px solid #ddd;border-radius:8px;padding:.75rem;margin:.75rem 0}pre{white-space:pre-wrap}iframe{width:100%;height:320px;border:1px solid #eee}dl.headers{font-size:13px;color:#555;margin:.25rem 0}dl.headers dt{float:left;font-weight:600;margin-right:.5rem}</style>
</head><body><h1>Outbox</h1><p>Emails the local runtime would have sent${to ? ` to ${esc(to)}` : ""}: ${page.items.length} shown, newest first.</p>
${rows || "<p>No emails yet.</p>"}</body></html>`);
  });

  app.get("/queues", async (c) => {
    const queues: Record<string, { pending: number; deadLetters: unknown[] }> = {};
    for (const q of QUEUE_NAMES) {
      queues[q] = { pending: await local.queue.pending(q), deadLetters: await local.queue.deadLetters(q) };
    }
    const [pending, dead] = await Promise.all([pendingEffects(p, 100), deadEffects(p, 100)]);
    return c.json({ queues, schedules: await local.scheduler.list(), outbox: { pending, dead } });
  });

  return app;
}
