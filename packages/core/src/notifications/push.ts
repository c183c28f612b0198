// Web push (RFC 8030, payloads encrypted per RFC 8291, VAPID per RFC 8292) through the `web-push` library: the
// devices a learner opted in, and delivering one message to one of them. A push service's 404 or 410 means the
// subscription is gone for good, so it is removed.
import { createHash } from "node:crypto";
import { type Actor, assertCanAccess } from "../access/index.js";
import { AppError, badRequest, type Platform } from "../platform/index.js";
import { type PushSubscriptionItem, PushSubscriptionRecord, pushSubscriptionKey } from "./keys.js";
import type { PushMessage, PushSettings, PushSubscriptionInput, PushSubscriptionView } from "./model.js";
import { vapidKeys } from "./secrets.js";

/** One device's subscription is one record: the same endpoint subscribed again replaces it. */
const subscriptionIdOf = (endpoint: string) => createHash("sha256").update(endpoint).digest("base64url").slice(0, 32);

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);

/**
 * The server will POST to the endpoint, so it must be a push service's address: HTTPS, never a private network. Only
 * the local runtime also takes a plain-HTTP loopback address (a stand-in push service for development and tests).
 */
function checkEndpoint(p: Platform, endpoint: string): void {
  const url = new URL(endpoint);
  const local = p.config.runtime === "local" && url.protocol === "http:" && LOOPBACK.has(url.hostname);
  const privateHost =
    LOOPBACK.has(url.hostname) ||
    /^(10\.|127\.|169\.254\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.|0\.)/.test(url.hostname) ||
    url.hostname.startsWith("[") ||
    !url.hostname.includes(".");
  if (!local && (url.protocol !== "https:" || privateHost)) {
    throw badRequest("push.invalid_endpoint", "The subscription's endpoint is not a push service's HTTPS address.", {
      issues: [{ path: "endpoint", message: "not a push service address", code: "custom" }],
    });
  }
}

const view = (s: PushSubscriptionItem): PushSubscriptionView => ({
  id: s.subscriptionId,
  service: new URL(s.endpoint).origin,
  createdAt: s.createdAt,
});

export async function subscriptionsOf(p: Platform, userId: string): Promise<PushSubscriptionItem[]> {
  return p.store.queryAll<PushSubscriptionItem>(PushSubscriptionRecord.query("ofUser", { userId }));
}

/** The server's public key (null when push is off) and the learner's devices. */
export async function getPushSettings(p: Platform, actor: Actor, userId: string): Promise<PushSettings> {
  assertCanAccess(actor, { ownerId: userId }, "user");
  const [keys, items] = await Promise.all([vapidKeys(p), subscriptionsOf(p, userId)]);
  return { publicKey: keys?.publicKey ?? null, items: items.map(view) };
}

/** "Notify this device": keeps the browser's subscription (again: replaced, not doubled). */
export async function putPushSubscription(
  p: Platform,
  actor: Actor,
  userId: string,
  input: PushSubscriptionInput,
): Promise<PushSubscriptionView> {
  assertCanAccess(actor, { ownerId: userId }, "user");
  if (!(await vapidKeys(p))) throw new AppError(409, "push.not_configured", "Web push is not set up on this server.");
  checkEndpoint(p, input.endpoint);
  const subscriptionId = subscriptionIdOf(input.endpoint);
  const existing = await p.store.get<PushSubscriptionItem>(pushSubscriptionKey(userId, subscriptionId));
  const item: PushSubscriptionItem = {
    ...pushSubscriptionKey(userId, subscriptionId),
    type: "PushSubscription",
    userId,
    subscriptionId,
    endpoint: input.endpoint,
    keys: input.keys,
    createdAt: existing?.createdAt ?? p.clock.now().toISOString(),
  };
  await p.store.put(item);
  return view(item);
}

/** "Stop notifying this device"; a device that was not subscribed is not an error. */
export async function deletePushSubscription(p: Platform, actor: Actor, userId: string, endpoint: string) {
  assertCanAccess(actor, { ownerId: userId }, "user");
  await p.store.delete(pushSubscriptionKey(userId, subscriptionIdOf(endpoint)));
}

/** Erasure: every device of the learner. */
export async function erasePushSubscriptions(p: Platform, userId: string): Promise<void> {
  for (const s of await subscriptionsOf(p, userId)) await p.store.delete(pushSubscriptionKey(userId, s.subscriptionId));
}

export type PushOutcome = "sent" | "removed" | "gone" | "off";

/**
 * Delivers one message to one device (the `notifications.push` job). A subscription removed since is skipped; a push
 * service answering 404 or 410 makes us forget the subscription; any other failure throws, and the outbox retries.
 */
export async function deliverPush(
  p: Platform,
  payload: { userId: string; subscriptionId: string; message: PushMessage; ttlSeconds: number },
): Promise<PushOutcome> {
  const key = pushSubscriptionKey(payload.userId, payload.subscriptionId);
  const subscription = await p.store.get<PushSubscriptionItem>(key);
  if (!subscription) return "gone";
  const vapid = await vapidKeys(p);
  if (!vapid) return "off";
  const webpush = (await import("web-push")).default;
  // The library encrypts the payload and signs the VAPID header; the request itself goes through fetch, which speaks
  // both HTTPS (push services) and the plain HTTP of a loopback stand-in in the local runtime.
  const request = webpush.generateRequestDetails(
    { endpoint: subscription.endpoint, keys: subscription.keys },
    JSON.stringify(payload.message),
    {
      TTL: payload.ttlSeconds,
      vapidDetails: vapid,
      contentEncoding: "aes128gcm",
      urgency: "high",
      // A push service keeps only the newest message of a topic: a reminder replaces an older one for the session.
      topic: createHash("sha256").update(payload.message.tag).digest("base64url").slice(0, 32),
    },
  );
  const headers = Object.fromEntries(
    Object.entries(request.headers).filter(([name]) => name.toLowerCase() !== "content-length"),
  ) as Record<string, string>;
  let status: number;
  try {
    const res = await fetch(request.endpoint, {
      method: request.method,
      headers,
      body: request.body ? new Uint8Array(request.body) : null,
      signal: AbortSignal.timeout(10_000),
    });
    status = res.status;
    await res.arrayBuffer().catch(() => undefined);
  } catch (e) {
    // The error may carry the endpoint (a capability URL): only its kind goes on.
    throw new AppError(502, "push.unreachable", `The push service could not be reached (${(e as Error).name}).`);
  }
  if (status === 404 || status === 410) {
    await p.store.delete(key);
    p.log.info("push subscription gone; removed", { status });
    return "removed";
  }
  if (status < 200 || status >= 300) {
    throw new AppError(502, "push.failed", `The push service refused the message (status ${status}).`);
  }
  return "sent";
}
