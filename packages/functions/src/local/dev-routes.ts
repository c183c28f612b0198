// Local-only pages: the email outbox (HTML, or JSON with Accept: application/json), queue/schedule state, and the
// checkout page that stands in for Stripe Checkout without keys: paying sends a correctly signed event to the real
// webhook route, as Stripe would.
import { OpenAPIHono } from "@hono/zod-openapi";
import type { Platform } from "@pactly/core/platform";
import {
  deadEffects,
  type LocalCheckoutItem,
  type LocalCheckoutOutcome,
  pendingEffects,
  QUEUE_NAMES,
} from "@pactly/core/platform";
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

  const payments = local.payments;
  if (payments) {
    const page = (title: string, content: string) => `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1"><title>${esc(title)} — Pactly test checkout</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:460px;margin:2rem auto;padding:1rem}main{border:1px solid #ddd;border-radius:12px;padding:1.25rem}.amount{font-size:2rem;font-weight:700;margin:.25rem 0}button{font:inherit;padding:.6rem 1rem;border-radius:8px;border:1px solid #888;cursor:pointer;margin:.25rem .25rem .25rem 0}button.pay{background:#1d4ed8;color:#fff;border-color:#1d4ed8}.note{color:#555;font-size:14px}</style>
</head><body><main>${content}</main><p class="note">Local runtime: no money moves. Paying sends a signed <code>checkout.session.completed</code> event to this server's Stripe webhook.</p></body></html>`;
    const amount = (c: LocalCheckoutItem) =>
      new Intl.NumberFormat("en", { style: "currency", currency: c.request.currency }).format(
        c.request.amountCents / 100,
      );
    /** Posts the outcome's signed event to the real webhook route, over HTTP like Stripe. */
    const send = async (c: LocalCheckoutItem, type: LocalCheckoutOutcome) => {
      const { body, signature } = await payments.signedEvent(c, type);
      const res = await fetch(`${p.config.apiUrl}/v1/webhooks/stripe`, {
        method: "POST",
        headers: { "content-type": "application/json", "stripe-signature": signature },
        body,
      });
      if (!res.ok) throw new Error(`The webhook answered ${res.status}: ${await res.text()}`);
    };
    const load = async (id: string) => {
      const c = await payments.checkout(id);
      if (!c) return undefined;
      if (c.status === "open" && new Date(c.request.expiresAt) <= p.clock.now()) {
        await payments.markCheckout(id, "expired");
        await send(c, "checkout.session.expired");
        return { ...c, status: "expired" as const };
      }
      return c;
    };

    app.get("/checkout/:id", async (c) => {
      // Back after paying must ask again (and see "Already paid"), not show the cached Pay button.
      c.header("Cache-Control", "no-store");
      const checkout = await load(c.req.param("id"));
      if (!checkout) return c.html(page("Not found", "<h1>No such checkout</h1>"), 404);
      const { request } = checkout;
      if (checkout.status !== "open") {
        const done = checkout.status === "complete";
        return c.html(
          page(
            done ? "Paid" : "Expired",
            `<h1>${done ? "Already paid" : "This checkout has expired"}</h1><p><a href="${esc(done ? request.successUrl : request.cancelUrl)}">Back to Pactly</a></p>`,
          ),
        );
      }
      const action = `/dev/checkout/${encodeURIComponent(checkout.id)}`;
      return c.html(
        page(
          "Pay",
          `<h1>${esc(request.description)}</h1><p class="amount" data-amount-cents="${request.amountCents}">${esc(amount(checkout))}</p>
<p>Open until ${esc(request.expiresAt)}${request.customerEmail ? ` · ${esc(request.customerEmail)}` : ""}</p>
<form method="post" action="${action}/pay"><button class="pay" type="submit">Pay ${esc(amount(checkout))}</button></form>
<form method="post" action="${action}/decline"><button type="submit">Decline the card</button></form>
<p><a href="${esc(request.cancelUrl)}">Cancel and go back</a></p>`,
        ),
      );
    });

    app.post("/checkout/:id/pay", async (c) => {
      const checkout = await load(c.req.param("id"));
      if (!checkout) return c.html(page("Not found", "<h1>No such checkout</h1>"), 404);
      if (checkout.status === "open") {
        await send(checkout, "checkout.session.completed");
        await payments.markCheckout(checkout.id, "complete").catch(() => undefined);
      }
      return c.redirect(checkout.status === "expired" ? checkout.request.cancelUrl : checkout.request.successUrl, 303);
    });

    app.post("/checkout/:id/decline", async (c) => {
      const checkout = await load(c.req.param("id"));
      if (!checkout) return c.html(page("Not found", "<h1>No such checkout</h1>"), 404);
      if (checkout.status === "open") await send(checkout, "payment_intent.payment_failed");
      return c.html(
        page(
          "Declined",
          `<h1 role="alert">Your card was declined.</h1><p><a href="/dev/checkout/${encodeURIComponent(checkout.id)}">Try again</a> · <a href="${esc(checkout.request.cancelUrl)}">Back to Pactly</a></p>`,
        ),
      );
    });
  }

  return app;
}
