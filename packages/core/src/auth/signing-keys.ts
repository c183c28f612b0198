// The access-token signing key (Ed25519 or P-256) with its key id, plus the public keys still accepted.
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from "node:crypto";
import { calculateJwkThumbprint, exportJWK, importJWK, type JWK } from "jose";
import { AppError, type Item, isAppError, isConditionFailed, type Platform } from "../platform/index.js";
import { LocalSigningKey } from "./keys.js";

export type SigningAlgorithm = "EdDSA" | "ES256";

/** The only algorithms a token may name; anything else (none, HS256 with a public key as secret…) is refused. */
export const ALLOWED_ALGORITHMS: readonly SigningAlgorithm[] = ["EdDSA", "ES256"];

export interface VerificationKey {
  alg: SigningAlgorithm;
  key: Awaited<ReturnType<typeof importJWK>> | KeyObject;
}

export interface SigningKeys {
  alg: SigningAlgorithm;
  kid: string;
  privateKey: KeyObject;
  /** By key id: the current public key and the previous ones from the config. */
  verification: Map<string, VerificationKey>;
  /** The public keys as a JWKS document, for anyone who wants to verify tokens themselves. */
  jwks: { keys: JWK[] };
}

type LocalKeyItem = Item & { type: "LocalSigningKey"; pem: string };
const LOCAL_KEY = LocalSigningKey.key("one", {});

const notConfigured = () =>
  new AppError(500, "auth.not_configured", "Sign-in is not configured on this server (no signing key).");

function algorithmOf(key: KeyObject): SigningAlgorithm {
  if (key.asymmetricKeyType === "ed25519") return "EdDSA";
  if (key.asymmetricKeyType === "ec" && key.asymmetricKeyDetails?.namedCurve === "prime256v1") return "ES256";
  throw new Error("The JWT signing key must be Ed25519 or EC P-256.");
}

/** A PKCS#8 PEM or a private JWK (JSON) → a Node key object. */
function parsePrivateKey(text: string): { key: KeyObject; kid?: string } {
  const trimmed = text.trim();
  if (trimmed.startsWith("{")) {
    const jwk = JSON.parse(trimmed) as JWK & { d?: string };
    if (!jwk.d) throw new Error("The JWT signing JWK must be a private key.");
    return { key: createPrivateKey({ key: jwk as import("node:crypto").JsonWebKey, format: "jwk" }), kid: jwk.kid };
  }
  // Secrets stores sometimes keep PEM line breaks as "\n".
  return { key: createPrivateKey(trimmed.replace(/\\n/g, "\n")) };
}

/** The dev-only key: generated on first use and kept in the local table, so tokens survive a restart. */
async function localKey(p: Platform): Promise<string> {
  const existing = await p.store.get<LocalKeyItem>(LOCAL_KEY, { consistent: true });
  if (existing) return existing.pem;
  const { privateKey } = generateKeyPairSync("ed25519");
  const pem = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  try {
    await p.store.put<LocalKeyItem>({ ...LOCAL_KEY, type: "LocalSigningKey", pem }, { absent: true });
    return pem;
  } catch (e) {
    // Another process made one first: use theirs.
    if (isConditionFailed(e)) return await localKey(p);
    throw e;
  }
}

async function load(p: Platform): Promise<SigningKeys> {
  let text = p.config.jwtPrivateKey;
  if (!text) {
    if (p.config.runtime !== "local") throw notConfigured();
    text = await localKey(p);
  }
  const parsed = parsePrivateKey(text);
  const alg = algorithmOf(parsed.key);
  const publicJwk = await exportJWK(createPublicKey(parsed.key));
  const kid = parsed.kid ?? (await calculateJwkThumbprint(publicJwk));
  const verification = new Map<string, VerificationKey>([[kid, { alg, key: createPublicKey(parsed.key) }]]);
  const jwks: JWK[] = [{ ...publicJwk, kid, alg, use: "sig" }];
  if (p.config.jwtPreviousKeys) {
    const previous = JSON.parse(p.config.jwtPreviousKeys) as { keys?: JWK[] };
    for (const jwk of previous.keys ?? []) {
      const prevAlg = jwk.crv === "Ed25519" ? "EdDSA" : jwk.crv === "P-256" ? "ES256" : undefined;
      if (!prevAlg || !jwk.kid || "d" in jwk)
        throw new Error("Previous JWT keys must be public Ed25519/P-256 JWKs with a kid.");
      verification.set(jwk.kid, { alg: prevAlg, key: await importJWK(jwk, prevAlg) });
      jwks.push({ ...jwk, alg: prevAlg, use: "sig" });
    }
  }
  return { alg, kid, privateKey: parsed.key, verification, jwks: { keys: jwks } };
}

const cache = new WeakMap<Platform, Promise<SigningKeys>>();

/** Loaded once per platform; a failed load is retried on the next call. */
export function signingKeys(p: Platform): Promise<SigningKeys> {
  let keys = cache.get(p);
  if (!keys) {
    keys = load(p).catch((e: unknown) => {
      cache.delete(p);
      throw isAppError(e)
        ? e
        : new AppError(500, "auth.not_configured", "The JWT signing key is not usable.", { cause: e });
    });
    cache.set(p, keys);
  }
  return keys;
}
