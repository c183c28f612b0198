// The HTTP API: one Hono Lambda serves every route, the Stripe webhook included.
import { Api, Function as SstFunction, type StackContext, use } from "sst/constructs";
import { Cdn } from "./cdn.js";
import { Queues } from "./queues.js";
import { platformFunctionProps } from "./runtime.js";
import { Secrets } from "./secrets.js";
import { Storage } from "./storage.js";

export function API(ctx: StackContext) {
  const { stack } = ctx;
  const { table, uploads } = use(Storage);
  const { queues } = use(Queues);
  const { webUrl, webOrigins } = use(Cdn);
  const secrets = use(Secrets);

  const handler = new SstFunction(stack, "handler", {
    handler: "packages/functions/src/api/lambda.handler",
    // API Gateway gives up on an integration after 30 s.
    timeout: 29,
    memorySize: 1024,
    bind: [secrets.STRIPE_SECRET_KEY, secrets.STRIPE_WEBHOOK_SECRET, secrets.OPENAI_API_KEY, secrets.JWT_PRIVATE_KEY],
    ...platformFunctionProps(ctx, { table, uploads, queues, webUrl, webOrigins }),
  });

  const api = new Api(stack, "api", {
    routes: {
      $default: { function: handler },
      // Same function; named so the public entry points are listed here. Stripe signs the raw body, which the
      // HTTP API (payload v2) passes through untouched.
      "POST /v1/webhooks/stripe": { function: handler },
    },
    // API Gateway answers preflights itself and applies these headers; they match the Hono app's CORS settings.
    cors: {
      allowOrigins: webOrigins,
      allowCredentials: true,
      allowMethods: ["ANY"],
      allowHeaders: ["authorization", "content-type", "x-request-id", "idempotency-key"],
      exposeHeaders: ["x-request-id", "retry-after"],
      maxAge: "10 minutes",
    },
  });

  // The URL belongs to the HTTP API resource, not to its routes, so the function may carry it without a cycle.
  handler.addEnvironment("PACTLY_API_URL", api.url);

  stack.addOutputs({ ApiUrl: api.url });
  return { api, handler };
}
