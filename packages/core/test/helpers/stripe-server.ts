// A local stand-in for the part of Stripe's REST API the payments adapter uses, on 127.0.0.1: Checkout Sessions and
// Refunds with form-encoded bodies, Stripe-shaped JSON answers and errors, bearer-key auth and idempotency keys as
// Stripe applies them (a repeated key replays the stored answer, nothing is created twice). It records every request
// and can fail or drop the next few, so retries can be watched on the wire.
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** A form body decoded into nested objects and arrays, values as the strings that were sent. */
export type FormValue = string | FormValue[] | { [key: string]: FormValue };
export type FormBody = { [key: string]: FormValue };

export interface RecordedRequest {
  method: string;
  path: string;
  idempotencyKey: string | undefined;
  authorization: string | undefined;
  contentType: string | undefined;
  body: FormBody;
  /** The status answered; null when the connection was dropped instead. */
  status: number | null;
  /** True when the answer was the stored one for an idempotency key seen before. */
  replayed: boolean;
}

export interface StripeCheckoutSession {
  id: string;
  object: "checkout.session";
  url: string;
  mode: string;
  amount_total: number;
  currency: string;
  customer_email: string | null;
  metadata: Record<string, string>;
  payment_status: "unpaid";
  status: "open";
  success_url: string;
  cancel_url: string | null;
  created: number;
  expires_at: number;
  payment_intent: null;
  livemode: false;
}

export interface StripeRefund {
  id: string;
  object: "refund";
  amount: number;
  currency: string;
  payment_intent: string;
  status: "succeeded";
  metadata: Record<string, string>;
  created: number;
}

export type StripeObject = StripeCheckoutSession | StripeRefund;

export interface StripeServerOptions {
  /** The server's "now", for `created` and the allowed `expires_at` range; the wall clock otherwise. */
  now?: () => Date;
}

export interface StripeServer {
  /** The API base, e.g. `http://127.0.0.1:54321` (paths start with `/v1`). */
  url: string;
  /** Every request received, in order, including failed, refused and dropped ones. */
  requests: RecordedRequest[];
  /** The objects actually created, by id. */
  objects: Map<string, StripeObject>;
  close(): Promise<void>;
  /** The next `n` requests answer `status` (500 by default) with a Stripe error and create nothing. */
  failNext(n: number, status?: number): void;
  /** The next `n` requests have their connection destroyed without an answer. */
  dropNext(n: number): void;
}

interface Answer {
  status: number;
  body: unknown;
}

interface StoredAnswer extends Answer {
  method: string;
  path: string;
  /** The request's parameters as sent: Stripe refuses a key reused with different ones. */
  fingerprint: string;
}

const readBody = (req: IncomingMessage) =>
  new Promise<string>((resolve, reject) => {
    let data = "";
    req.setEncoding("utf8");
    req.on("data", (c: string) => {
      data += c;
    });
    req.on("end", () => resolve(data));
    req.on("error", reject);
  });

const decode = (s: string) => decodeURIComponent(s.replace(/\+/g, " "));

/** `a[b][0][c]=x&a[b][0][d]=y` → `{ a: { b: [{ c: "x", d: "y" }] } }`: Stripe's bracket encoding, indexed arrays. */
export function parseStripeForm(raw: string): FormBody {
  const root: Record<string, unknown> = {};
  for (const pair of raw.split("&")) {
    if (!pair) continue;
    const eq = pair.indexOf("=");
    const key = decode(eq < 0 ? pair : pair.slice(0, eq));
    const value = eq < 0 ? "" : decode(pair.slice(eq + 1));
    const head = /^[^[]*/.exec(key)![0];
    const segments = [head, ...[...key.slice(head.length).matchAll(/\[([^\]]*)\]/g)].map((m) => m[1]!)];
    let node: Record<string, unknown> = root;
    segments.forEach((segment, i) => {
      // `a[]=x` appends, as some encoders write arrays.
      const name = segment === "" ? String(Object.keys(node).length) : segment;
      if (i === segments.length - 1) {
        node[name] = value;
        return;
      }
      const next = node[name];
      if (typeof next !== "object" || next === null) node[name] = {};
      node = node[name] as Record<string, unknown>;
    });
  }
  return toArrays(root) as FormBody;
}

/** Objects whose keys are exactly 0..n-1 become arrays. */
function toArrays(value: unknown): FormValue {
  if (typeof value !== "object" || value === null) return value as string;
  const entries = Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, toArrays(v)] as const);
  const keys = entries.map(([k]) => k);
  if (
    keys.length > 0 &&
    keys.every((k) => /^\d+$/.test(k)) &&
    [...keys].sort((a, b) => +a - +b).every((k, i) => +k === i)
  ) {
    return entries.sort(([a], [b]) => +a - +b).map(([, v]) => v);
  }
  return Object.fromEntries(entries);
}

const stripeError = (
  status: number,
  type: string,
  message: string,
  extra: { code?: string; param?: string } = {},
): Answer => ({ status, body: { error: { type, message, ...extra } } });

const invalid = (message: string, param?: string) =>
  stripeError(400, "invalid_request_error", message, param ? { param, code: "parameter_missing" } : {});

/** The error a forced failure answers: `api_error` for 5xx, Stripe's rate-limit shape for 429. */
const forcedError = (status: number): Answer =>
  stripeError(
    status,
    status >= 500 ? "api_error" : "invalid_request_error",
    `The stand-in was told to answer ${status}.`,
    status === 429 ? { code: "rate_limit" } : {},
  );

const stripeId = (prefix: string) => `${prefix}_${randomBytes(12).toString("hex")}`;

const asString = (v: FormValue | undefined): string | undefined => (typeof v === "string" ? v : undefined);
const asRecord = (v: FormValue | undefined): Record<string, string> => {
  if (typeof v !== "object" || v === null || Array.isArray(v)) return {};
  return Object.fromEntries(Object.entries(v).filter((e): e is [string, string] => typeof e[1] === "string"));
};
const asInteger = (v: FormValue | undefined): number | undefined =>
  typeof v === "string" && /^-?\d+$/.test(v) ? Number(v) : undefined;

export async function startStripeServer(options: StripeServerOptions = {}): Promise<StripeServer> {
  const now = () => (options.now ? options.now() : new Date());
  const nowSeconds = () => Math.floor(now().getTime() / 1000);
  const requests: RecordedRequest[] = [];
  const objects = new Map<string, StripeObject>();
  const idempotent = new Map<string, StoredAnswer>();
  let failures: { remaining: number; status: number } = { remaining: 0, status: 500 };
  let drops = 0;

  const createCheckoutSession = (body: FormBody): Answer => {
    const mode = asString(body.mode);
    if (!mode) return invalid("Missing required param: mode.", "mode");
    if (mode !== "payment") return invalid("This stand-in only supports `mode=payment`.", "mode");
    const successUrl = asString(body.success_url);
    if (!successUrl) return invalid("Missing required param: success_url.", "success_url");
    const items = Array.isArray(body.line_items) ? body.line_items : [];
    if (items.length === 0) return invalid("Missing required param: line_items.", "line_items");
    let amountTotal = 0;
    let currency: string | undefined;
    for (const [i, item] of items.entries()) {
      if (typeof item !== "object" || Array.isArray(item)) return invalid("Invalid line item.", `line_items[${i}]`);
      const priceData = item.price_data;
      if (typeof priceData !== "object" || Array.isArray(priceData)) {
        return invalid("Each line item needs price_data.", `line_items[${i}][price_data]`);
      }
      const unitAmount = asInteger(priceData.unit_amount);
      const quantity = asInteger(item.quantity);
      const itemCurrency = asString(priceData.currency)?.toLowerCase();
      if (unitAmount === undefined || unitAmount < 0) {
        return invalid("Invalid integer: unit_amount.", `line_items[${i}][price_data][unit_amount]`);
      }
      if (quantity === undefined || quantity < 1) return invalid("Invalid quantity.", `line_items[${i}][quantity]`);
      if (!itemCurrency) return invalid("Missing required param: currency.", `line_items[${i}][price_data][currency]`);
      if (currency && currency !== itemCurrency) return invalid("All line items must share one currency.");
      currency = itemCurrency;
      amountTotal += unitAmount * quantity;
    }
    const created = nowSeconds();
    let expiresAt = created + 24 * 3600;
    if (body.expires_at !== undefined) {
      const requested = asInteger(body.expires_at);
      if (requested === undefined) return invalid("Invalid integer: expires_at.", "expires_at");
      // Stripe's range: at least 30 minutes and at most 24 hours after creation.
      if (requested < created + 30 * 60 || requested > created + 24 * 3600) {
        return stripeError(
          400,
          "invalid_request_error",
          "The `expires_at` timestamp must be between 30 minutes and 24 hours from Checkout Session creation.",
          { param: "expires_at" },
        );
      }
      expiresAt = requested;
    }
    const id = stripeId("cs_test");
    const session: StripeCheckoutSession = {
      id,
      object: "checkout.session",
      url: `https://checkout.stripe.test/c/pay/${id}`,
      mode,
      amount_total: amountTotal,
      currency: currency!,
      customer_email: asString(body.customer_email) ?? null,
      metadata: asRecord(body.metadata),
      payment_status: "unpaid",
      status: "open",
      success_url: successUrl,
      cancel_url: asString(body.cancel_url) ?? null,
      created,
      expires_at: expiresAt,
      payment_intent: null,
      livemode: false,
    };
    objects.set(id, session);
    return { status: 200, body: session };
  };

  const createRefund = (body: FormBody): Answer => {
    const paymentIntent = asString(body.payment_intent);
    if (!paymentIntent && !asString(body.charge)) {
      return invalid("One of the following params should be provided for this request: payment_intent or charge.");
    }
    let amount = 0;
    if (body.amount !== undefined) {
      const requested = asInteger(body.amount);
      if (requested === undefined || requested < 1) {
        return stripeError(400, "invalid_request_error", "Invalid positive integer", { param: "amount" });
      }
      amount = requested;
    }
    const id = stripeId("re");
    const refund: StripeRefund = {
      id,
      object: "refund",
      amount,
      currency: "eur",
      payment_intent: paymentIntent ?? "",
      status: "succeeded",
      metadata: asRecord(body.metadata),
      created: nowSeconds(),
    };
    objects.set(id, refund);
    return { status: 200, body: refund };
  };

  const retrieve = (id: string, object: StripeObject["object"]): Answer => {
    const found = objects.get(id);
    if (found?.object === object) return { status: 200, body: found };
    return stripeError(404, "invalid_request_error", `No such ${object}: '${id}'`, {
      code: "resource_missing",
      param: "id",
    });
  };

  const route = (method: string, path: string, body: FormBody): Answer => {
    if (method === "POST" && path === "/v1/checkout/sessions") return createCheckoutSession(body);
    if (method === "POST" && path === "/v1/refunds") return createRefund(body);
    const session = /^\/v1\/checkout\/sessions\/([^/]+)$/.exec(path);
    if (method === "GET" && session) return retrieve(decodeURIComponent(session[1]!), "checkout.session");
    const refund = /^\/v1\/refunds\/([^/]+)$/.exec(path);
    if (method === "GET" && refund) return retrieve(decodeURIComponent(refund[1]!), "refund");
    return stripeError(404, "invalid_request_error", `Unrecognized request URL (${method}: ${path}).`);
  };

  const send = (res: ServerResponse, record: RecordedRequest, answer: Answer) => {
    record.status = answer.status;
    res.writeHead(answer.status, {
      "content-type": "application/json",
      "request-id": stripeId("req"),
      ...(record.idempotencyKey ? { "idempotency-key": record.idempotencyKey } : {}),
      ...(record.replayed ? { "idempotent-replayed": "true" } : {}),
    });
    res.end(JSON.stringify(answer.body));
  };

  const server = createServer(async (req, res) => {
    const raw = await readBody(req);
    const method = req.method ?? "GET";
    const url = new URL(req.url ?? "/", "http://stripe.test");
    const header = (name: string) => {
      const v = req.headers[name];
      return Array.isArray(v) ? v[0] : v;
    };
    const record: RecordedRequest = {
      method,
      path: url.pathname,
      idempotencyKey: header("idempotency-key"),
      authorization: header("authorization"),
      contentType: header("content-type"),
      body: parseStripeForm(method === "GET" ? url.search.slice(1) : raw),
      status: null,
      replayed: false,
    };
    requests.push(record);

    if (drops > 0) {
      drops--;
      req.socket.destroy();
      return;
    }
    if (failures.remaining > 0) {
      failures.remaining--;
      const status = failures.status;
      send(res, record, forcedError(status));
      return;
    }

    const key = /^Bearer (sk_test_\S+)$/.exec(record.authorization ?? "")?.[1];
    if (!key) {
      const message = record.authorization
        ? `Invalid API Key provided: ${(record.authorization.replace(/^Bearer /, "") || "").slice(0, 8)}***`
        : "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').";
      send(res, record, stripeError(401, "invalid_request_error", message));
      return;
    }

    // Stripe applies idempotency keys to POSTs only, per account (here: per secret key).
    const idempotencyKey = method === "POST" ? record.idempotencyKey : undefined;
    if (idempotencyKey) {
      const stored = idempotent.get(`${key}\n${idempotencyKey}`);
      if (stored) {
        if (stored.method !== method || stored.path !== record.path) {
          send(
            res,
            record,
            stripeError(
              400,
              "idempotency_error",
              `Keys for idempotent requests can only be used for the same endpoint they were first used for ('${stored.method} ${stored.path}' vs '${method} ${record.path}').`,
            ),
          );
          return;
        }
        if (stored.fingerprint !== raw) {
          send(
            res,
            record,
            stripeError(
              400,
              "idempotency_error",
              `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${idempotencyKey}' if you meant to execute a different request.`,
            ),
          );
          return;
        }
        record.replayed = true;
        send(res, record, stored);
        return;
      }
    }

    const answer = route(method, record.path, record.body);
    // As at Stripe, an answer is kept for the key only once the endpoint ran: not for parameter errors.
    if (idempotencyKey && answer.status !== 400 && answer.status !== 404) {
      idempotent.set(`${key}\n${idempotencyKey}`, { ...answer, method, path: record.path, fingerprint: raw });
    }
    send(res, record, answer);
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    objects,
    failNext(n, status = 500) {
      failures = { remaining: n, status };
    },
    dropNext(n) {
      drops = n;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((e) => (e ? reject(e) : resolve()));
        server.closeAllConnections();
      }),
  };
}
