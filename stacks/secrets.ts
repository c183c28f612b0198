// The app's secrets: values live in SSM (set with `sst secrets set`); functions get them only by binding.
import { Config, type StackContext } from "sst/constructs";

export function Secrets({ stack }: StackContext) {
  return Config.Secret.create(stack, "STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET", "OPENAI_API_KEY", "JWT_PRIVATE_KEY");
}
