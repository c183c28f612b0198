// The API: one Hono Lambda serves every route, the Stripe webhook included, on the HTTP API that the Cdn stack puts
// behind the distribution (and that stays reachable on its execute-api URL).
import { CfnRoute } from "aws-cdk-lib/aws-apigatewayv2";
import * as secretsmanager from "aws-cdk-lib/aws-secretsmanager";
import { NagSuppressions } from "cdk-nag";
import { Function as SstFunction, type StackContext, use } from "sst/constructs";
import { Cdn } from "./cdn.js";
import { Queues } from "./queues.js";
import { platformFunctionProps, suppressPlatformWildcards } from "./runtime.js";
import { Secrets } from "./secrets.js";
import { oauthSecretName, signInProviders } from "./sign-in.js";
import { Storage } from "./storage.js";

export function API(ctx: StackContext) {
  const { app, stack } = ctx;
  const { table, uploads, unsubscribeSecret } = use(Storage);
  const { queues } = use(Queues);
  const { api, webUrl, webOrigins, edgeSecretValue } = use(Cdn);
  const secrets = use(Secrets);
  const signIn = signInProviders(process.env);

  const platform = platformFunctionProps(
    ctx,
    { table, uploads, queues, webUrl, webOrigins, mailFrom: secrets.MAIL_FROM, unsubscribeSecret },
    [
      secrets.STRIPE_SECRET_KEY,
      secrets.STRIPE_WEBHOOK_SECRET,
      secrets.OPENAI_API_KEY,
      secrets.JWT_PRIVATE_KEY,
      secrets.VAPID_PRIVATE_KEY,
      ...signIn.providers.map((p) => secrets[oauthSecretName(p)]),
    ],
  );
  // Signs page cursors (packages/core/src/platform/store/cursor.ts): one value for every instance of the function, so a
  // cursor one handed out opens on another.
  const cursorSecret = new secretsmanager.Secret(stack, "CursorSecret", {
    description: "Signs the API's page cursors",
    generateSecretString: { excludePunctuation: true, passwordLength: 48 },
  });
  NagSuppressions.addResourceSuppressions(cursorSecret, [
    {
      id: "AwsSolutions-SMG4",
      reason:
        "The function reads the key once, at deploy time (a CloudFormation dynamic reference), so a rotation would " +
        "not reach it; a new key is rolled out by replacing the secret and deploying.",
    },
  ]);

  const handler = new SstFunction(stack, "handler", {
    handler: "packages/functions/src/api/lambda.handler",
    // API Gateway gives up on an integration after 30 s.
    timeout: 29,
    memorySize: 1024,
    ...platform,
    environment: {
      ...platform.environment,
      ...signIn.environment,
      PACTLY_EDGE_SECRET: edgeSecretValue,
      PACTLY_CURSOR_SECRET: cursorSecret.secretValue.unsafeUnwrap(),
      // `sst dev` serves the web app from the Vite dev server on localhost, another site than the distribution; the
      // refresh cookie then has to be SameSite=None to travel (the Origin check guards refresh and logout). Deployed,
      // the app and the API share the distribution's site and the cookie stays Lax.
      ...(app.mode === "dev" ? { PACTLY_COOKIE_SAMESITE: "None" } : {}),
    },
  });

  suppressPlatformWildcards(handler, app.stage);

  // The routes and their integration live in this stack, beside the function, so the Cdn stack never refers to it.
  api.addRoutes(stack, {
    $default: { function: handler },
    // Same function; named so the public entry points are listed here. Stripe signs the raw body, which CloudFront
    // and the HTTP API (payload v2) pass through untouched.
    "POST /v1/webhooks/stripe": { function: handler },
  });
  // Every route is public at the gateway on purpose: the app checks its own access tokens (packages/functions/src/api/
  // auth.ts), answers sign-in and OAuth callbacks without one, and Stripe's webhook is authenticated by its signature.
  NagSuppressions.addResourceSuppressions(
    stack.node.findAll().filter((c) => c instanceof CfnRoute),
    [
      {
        id: "AwsSolutions-APIG4",
        reason:
          "The API checks its own JWT access tokens in the app (an API Gateway authorizer would duplicate it, and the " +
          "sign-in routes and the Stripe webhook, authenticated by its signature, must be reachable without a token).",
      },
    ],
  );

  stack.addOutputs({ ApiUrl: webUrl });
  return { api, handler };
}
