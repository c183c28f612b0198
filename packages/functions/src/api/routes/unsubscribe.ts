// /v1/unsubscribe/{token}: the signed link in every email that can be switched off. GET shows what it stops and asks
// (mail scanners open links; only a POST changes anything); POST is the one-click of RFC 8058, without signing in.
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { escapeHtml, readUnsubscribeToken, unsubscribe } from "@pactly/core/notifications";
import { type AppError, isAppError, type Platform } from "@pactly/core/platform";
import type { Context } from "hono";
import type { AppEnv } from "../env.js";
import { errors } from "../openapi.js";

const tags = ["Notifications"];

const TokenParam = z.object({
  token: z
    .string()
    .min(1)
    .max(200)
    .openapi({ param: { name: "token", in: "path" } }),
});

const Unsubscribed = z
  .object({ unsubscribed: z.literal(true), type: z.string(), label: z.string() })
  .openapi("Unsubscribed");

const wantsHtml = (c: Context<AppEnv>) => /text\/html/i.test(c.req.header("accept") ?? "");

/** A small self-contained page (no script); the API's CSP for this path lets its form post back here. */
function page(title: string, paragraphs: string[], form?: { action: string; button: string }): string {
  return [
    '<!doctype html><html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width,initial-scale=1">',
    `<title>${escapeHtml(title)} · Pactly</title>`,
    "<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;line-height:1.5;color:#1c1c1a}",
    "button{font:inherit;padding:.6rem 1.2rem;border-radius:.4rem;border:0;background:#1c1c1a;color:#fff;cursor:pointer}</style>",
    `</head><body><main><h1>${escapeHtml(title)}</h1>`,
    ...paragraphs.map((t) => `<p>${escapeHtml(t)}</p>`),
    form
      ? `<form method="post" action="${escapeHtml(form.action)}"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">${escapeHtml(form.button)}</button></form>`
      : "",
    "</main></body></html>",
  ].join("");
}

export function unsubscribeRoutes(p: Platform) {
  const app = new OpenAPIHono<AppEnv>();
  const settings = `${p.config.webUrl.replace(/\/$/, "")}/notifications`;

  /** A bad link, as a page for a person and in the error format for anything else. */
  const refused = (c: Context<AppEnv>, e: AppError) =>
    c.html(
      page("This link does not work", [e.message, `You can choose what we send you in your settings: ${settings}`]),
      400,
    );

  app.openapi(
    createRoute({
      method: "get",
      path: "/unsubscribe/{token}",
      tags,
      summary: "What an unsubscribe link stops, as a page asking to confirm (nothing changes until the POST)",
      request: { params: TokenParam },
      responses: {
        200: { description: "A page with a button that posts back", content: { "text/html": { schema: z.string() } } },
        ...errors(400),
      },
    }),
    async (c) => {
      const { token } = c.req.valid("param");
      try {
        const target = await readUnsubscribeToken(p, token);
        return c.html(
          page(
            `Stop ${target.label}?`,
            [`We will stop emailing you ${target.label}. Everything else stays as it is.`],
            { action: `/v1/unsubscribe/${token}`, button: `Stop ${target.label}` },
          ),
          200,
        );
      } catch (e) {
        if (isAppError(e) && e.status === 400 && wantsHtml(c)) return refused(c, e);
        throw e;
      }
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/unsubscribe/{token}",
      tags,
      summary: "One-click unsubscribe (RFC 8058): that kind of email off, without signing in",
      description:
        "Mail clients post `List-Unsubscribe=One-Click` as a form; the token in the path is what is checked. Answers a page to a browser (Accept: text/html), JSON otherwise.",
      request: { params: TokenParam },
      responses: {
        200: {
          description: "Unsubscribed: JSON, or a page for a browser",
          content: { "application/json": { schema: Unsubscribed }, "text/html": { schema: z.string() } },
        },
        ...errors(400),
      },
    }),
    async (c) => {
      const { token } = c.req.valid("param");
      try {
        const target = await unsubscribe(p, token);
        if (wantsHtml(c)) {
          return c.html(
            page("You are unsubscribed", [
              `We will not email you ${target.label} any more.`,
              `Changed your mind? Switch them back on in your settings: ${settings}`,
            ]),
            200,
          );
        }
        return c.json({ unsubscribed: true as const, type: target.category, label: target.label }, 200);
      } catch (e) {
        if (isAppError(e) && e.status === 400 && wantsHtml(c)) return refused(c, e);
        throw e;
      }
    },
  );

  return app;
}
