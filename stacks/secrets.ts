// The app's secrets and settings: secret values live in SSM (set with `sst secrets set`) and reach a function only by
// binding; each secret's name is the environment variable core's config reads (packages/functions/src/cloud-env.ts
// turns SST_Secret_value_<NAME> into <NAME>).
import { Config, type StackContext } from "sst/constructs";

/** The sender of every email, unless PACTLY_MAIL_FROM is set when deploying (in `.env.<stage>`, which SST loads). */
export function mailFromFor(stage: string, env: Record<string, string | undefined>): string {
  const configured = env.PACTLY_MAIL_FROM?.trim();
  if (configured) return configured;
  // Production mail must come from the domain verified in SES; a guess would only bounce.
  if (stage === "prod") throw new Error("Set PACTLY_MAIL_FROM (e.g. in .env.prod) to the SES-verified sender.");
  return `Pactly ${stage} <no-reply@pactly.app>`;
}

export function Secrets({ app, stack }: StackContext) {
  return {
    ...Config.Secret.create(
      stack,
      "STRIPE_SECRET_KEY",
      "STRIPE_WEBHOOK_SECRET",
      "OPENAI_API_KEY",
      "JWT_PRIVATE_KEY",
      // Web push: the private half of the stage's VAPID pair (the public half is PACTLY_VAPID_PUBLIC_KEY in
      // `.env.<stage>`); unset, push is off on the stage and email still goes out.
      "VAPID_PRIVATE_KEY",
      // Sign-in providers (stacks/sign-in.ts): bound to the API only, and only for the providers a stage enables.
      "OAUTH_GOOGLE_CLIENT_SECRET",
      "OAUTH_MICROSOFT_CLIENT_SECRET",
      "OAUTH_GITHUB_CLIENT_SECRET",
      "OAUTH_LINKEDIN_CLIENT_SECRET",
      "OAUTH_OIDC_CLIENT_SECRET",
    ),
    MAIL_FROM: new Config.Parameter(stack, "MAIL_FROM", { value: mailFromFor(app.stage, process.env) }),
  };
}
