// The unsubscribe secret and the VAPID key pair: from the config, or (local runtime only) generated once and kept.
import { randomBytes } from "node:crypto";
import { AppError, type Item, isConditionFailed, type Platform } from "../platform/index.js";
import { LocalNotificationKeys } from "./keys.js";

export interface VapidKeys {
  publicKey: string;
  privateKey: string;
  subject: string;
}

type LocalKeysItem = Item & {
  type: "LocalNotificationKeys";
  unsubscribeSecret: string;
  vapid: { publicKey: string; privateKey: string };
};
const LOCAL_KEYS = LocalNotificationKeys.key("one", {});

/** Generated on first use and kept in the local table, so emailed links and browsers' subscriptions survive a restart. */
async function localKeys(p: Platform): Promise<LocalKeysItem> {
  const existing = await p.store.get<LocalKeysItem>(LOCAL_KEYS, { consistent: true });
  if (existing) return existing;
  const webpush = (await import("web-push")).default;
  const fresh: LocalKeysItem = {
    ...LOCAL_KEYS,
    type: "LocalNotificationKeys",
    unsubscribeSecret: randomBytes(32).toString("base64url"),
    vapid: webpush.generateVAPIDKeys(),
  };
  try {
    await p.store.put(fresh, { absent: true });
    return fresh;
  } catch (e) {
    // Two processes raced: the first one's keys are the keys.
    if (!isConditionFailed(e)) throw e;
    return (await p.store.get<LocalKeysItem>(LOCAL_KEYS, { consistent: true }))!;
  }
}

const cached = new WeakMap<Platform["config"], Promise<LocalKeysItem>>();
const local = (p: Platform) => {
  let keys = cached.get(p.config);
  if (!keys) {
    keys = localKeys(p).catch((e) => {
      cached.delete(p.config);
      throw e;
    });
    cached.set(p.config, keys);
  }
  return keys;
};

export async function unsubscribeSecret(p: Platform): Promise<string> {
  if (p.config.unsubscribeSecret) return p.config.unsubscribeSecret;
  if (p.config.runtime !== "local") {
    throw new AppError(500, "notifications.not_configured", "Unsubscribe links are not configured on this server.");
  }
  return (await local(p)).unsubscribeSecret;
}

/** The server's VAPID keys, or undefined when web push is off (the cloud without keys configured). */
export async function vapidKeys(p: Platform): Promise<VapidKeys | undefined> {
  const subject = p.config.vapidSubject;
  if (p.config.vapidPublicKey && p.config.vapidPrivateKey) {
    return { publicKey: p.config.vapidPublicKey, privateKey: p.config.vapidPrivateKey, subject };
  }
  if (p.config.runtime !== "local") return undefined;
  return { ...(await local(p)).vapid, subject };
}
