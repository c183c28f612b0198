// Payments: starting a deposit (a checkout URL, or paid at once from credit), Stripe's webhook (the raw body's
// signature checked, each event id once), my credit ledger, and my refund so far on a pod with an excused absence.
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import {
  DepositInput,
  DepositView,
  declareExcuse,
  ExcuseInput,
  LedgerView,
  ledgerOf,
  PodRefund,
  podRefundOf,
  receiveStripeWebhook,
  startDeposit,
  WebhookAck,
} from "@pactly/core/payments";
import { isAppError, type Platform, putMetrics, type WebhookOutcome } from "@pactly/core/platform";
import { type AppEnv, requireActor } from "../env.js";
import { bearer, body, errors, IdParam, json } from "../openapi.js";

const tags = ["Payments"];

/** WebhookEvents by [Stage] and [Stage, Outcome]; WebhookFailures by [Stage] for a bad signature or a failure. */
function webhookMetrics(stage: string, outcome: WebhookOutcome) {
  const failed = outcome === "signature_failed" || outcome === "failed";
  putMetrics(
    stage,
    { values: { WebhookEvents: 1 }, by: { name: "Outcome", value: outcome } },
    {
      values: { WebhookFailures: failed ? 1 : 0 },
    },
  );
}

export function paymentRoutes(p: Platform) {
  const app = new OpenAPIHono<AppEnv>();

  app.openapi(
    createRoute({
      method: "post",
      path: "/deposits",
      tags,
      summary:
        "Start (or resume) the deposit for my pod invitation: credit pays first, the rest through a checkout page",
      security: bearer,
      request: body(DepositInput),
      responses: {
        200: json(DepositView, "The deposit: a checkout URL to pay the rest, or paid already"),
        ...errors(400, 401, 404, 409, 502, 503),
      },
    }),
    async (c) => c.json((await startDeposit(p, requireActor(c), c.req.valid("json"))) as never, 200),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/webhooks/stripe",
      tags,
      summary: "Stripe's events, signed (Stripe-Signature); each event id is handled once, after this answers",
      description:
        "The body is a Stripe event, read as raw bytes: no schema validates it here, since parsing it first would " +
        "mean checking the signature over a re-serialised copy.",
      request: { headers: z.object({ "stripe-signature": z.string().max(2048).optional() }) },
      responses: { 200: json(WebhookAck, "Received"), ...errors(400, 413, 503) },
    }),
    async (c) => {
      // The body exactly as it arrived: the signature is over these bytes, never over a re-serialised copy.
      const raw = await c.req.text();
      let outcome: WebhookOutcome = "failed";
      try {
        const ack = await receiveStripeWebhook(p, raw, c.req.header("stripe-signature"));
        outcome = ack.duplicate ? "duplicate" : "handled";
        return c.json(ack, 200);
      } catch (e) {
        if (isAppError(e) && e.code === "payment.webhook_signature") outcome = "signature_failed";
        throw e;
      } finally {
        webhookMetrics(p.config.stage, outcome);
      }
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/me/ledger",
      tags,
      summary: "My credit balance, ledger history (newest first) and deposits",
      security: bearer,
      request: {
        query: z.strictObject({
          cursor: z
            .string()
            .max(2048)
            .optional()
            .openapi({ param: { name: "cursor", in: "query" } }),
        }),
      },
      responses: { 200: json(LedgerView, "The ledger"), ...errors(400, 401) },
    }),
    async (c) => c.json(await ledgerOf(p, requireActor(c).userId, c.req.valid("query").cursor ?? null), 200),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/pods/{id}/refund",
      tags,
      summary: "My refund so far on this pod (RefundCalculation), my deposit and the sprint's refund policy",
      security: bearer,
      request: { params: IdParam },
      responses: { 200: json(PodRefund, "The refund so far"), ...errors(401, 404) },
    }),
    async (c) => c.json((await podRefundOf(p, requireActor(c), c.req.valid("param").id)) as never, 200),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/pods/{id}/refund/excuse",
      tags,
      summary: "Excuse my absence from a coming session (one a sprint, declared before it starts)",
      security: bearer,
      request: { params: IdParam, ...body(ExcuseInput) },
      responses: { 200: json(PodRefund, "The refund with the absence excused"), ...errors(400, 401, 404, 409) },
    }),
    async (c) =>
      c.json((await declareExcuse(p, requireActor(c), c.req.valid("param").id, c.req.valid("json"))) as never, 200),
  );

  return app;
}
