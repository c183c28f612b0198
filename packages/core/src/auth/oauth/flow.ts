// The OAuth round trip: start (state, PKCE verifier, nonce kept server-side for 10 minutes) and finish (link, sign in).
import { generateCodeVerifier } from "arctic";
import {
  addSignInMethod,
  createUser,
  EmailTakenError,
  findUserByEmail,
  getUser,
  identityKey,
  markEmailVerified,
  ownerIndex,
  removeSignInMethod,
  type StoredUser,
} from "../../accounts/index.js";
import {
  badRequest,
  commitWithEffects,
  epochSeconds,
  forbidden,
  type Item,
  isConditionFailed,
  mailEffect,
  type Platform,
} from "../../platform/index.js";
import { discardEmailTokens } from "../email-tokens.js";
import { signInMethodAddedEmail } from "../emails.js";
import { OAuthState } from "../keys.js";
import { dropPassword } from "../password-auth.js";
import { constantTimeEqual, randomToken, tokenHash } from "../secrets.js";
import { type SessionTokens, signIn } from "../sessions.js";
import {
  authorizationUrl,
  configuredProviders,
  defaultDeps,
  type ExternalIdentity,
  exchangeCode,
  type OAuthDeps,
  type ProviderId,
  providerFor,
} from "./providers.js";

export const OAUTH_STATE_SECONDS = 600;

type StateItem = Item & { type: "OAuthState"; provider: ProviderId; codeVerifier: string; nonce: string };
type IdentityItem = Item & {
  type: "ExternalIdentity";
  provider: ProviderId;
  subject: string;
  userId: string;
  email: string | null;
  linkedAt: string;
};

const stateKey = (state: string) => OAuthState.key("byValue", { stateHash: tokenHash(state) });

/**
 * Begins a sign-in: returns the provider URL to redirect to and the state, which the caller also puts in a
 * short-lived cookie so the callback can tell the browser that started the flow from any other.
 */
export async function startOAuth(
  p: Platform,
  providerId: string,
  deps: OAuthDeps = defaultDeps,
): Promise<{ url: string; state: string }> {
  const provider = providerFor(p, providerId);
  const state = randomToken();
  const codeVerifier = generateCodeVerifier();
  const nonce = randomToken();
  const url = await authorizationUrl(provider, { state, codeVerifier, nonce }, deps);
  await p.store.put<StateItem>(
    {
      ...stateKey(state),
      type: "OAuthState",
      provider: provider.id,
      codeVerifier,
      nonce,
      expiresAt: epochSeconds(p.clock.now()) + OAUTH_STATE_SECONDS,
    },
    { absent: true },
  );
  return { url: url.toString(), state };
}

export interface CallbackInput {
  code?: string | undefined;
  state?: string | undefined;
  /** The provider's `error` parameter (e.g. the user declined). */
  error?: string | undefined;
  /** The state cookie set at start. */
  cookieState?: string | undefined;
}

/** Takes the state out of the store; it works once, for the provider it was made for, within 10 minutes. */
async function takeState(p: Platform, providerId: string, state: string): Promise<StateItem> {
  const mismatch = () =>
    badRequest("auth.oauth_state_invalid", "The sign-in took too long or was not started here. Try again.");
  const item = await p.store.get<StateItem>(stateKey(state), { consistent: true });
  if (!item || item.provider !== providerId) throw mismatch();
  try {
    await p.store.delete(stateKey(state), { exists: true });
  } catch (e) {
    if (isConditionFailed(e)) throw mismatch();
    throw e;
  }
  if ((item.expiresAt ?? 0) <= epochSeconds(p.clock.now())) throw mismatch();
  return item;
}

/** Finishes a sign-in: checks state, exchanges the code, verifies who it is, links or creates the account. */
export async function finishOAuth(
  p: Platform,
  providerId: string,
  input: CallbackInput,
  deps: OAuthDeps = defaultDeps,
): Promise<SessionTokens> {
  const provider = providerFor(p, providerId);
  if (input.error) throw badRequest("auth.oauth_denied", "The sign-in was cancelled at the provider.");
  if (!input.code || !input.state) throw badRequest("auth.oauth_state_invalid", "The sign-in answer is incomplete.");
  // Login CSRF: the state must come back to the same browser that started the flow.
  if (!input.cookieState || !constantTimeEqual(input.state, input.cookieState)) {
    throw badRequest("auth.oauth_state_invalid", "The sign-in was not started in this browser. Try again.");
  }
  const saved = await takeState(p, provider.id, input.state);
  const { tokens, endpoints } = await exchangeCode(provider, input.code, saved.codeVerifier, deps);
  const identity = await provider.identity(tokens, endpoints, { nonce: saved.nonce, deps });
  const user = await linkIdentity(p, identity);
  return signIn(p, user, provider.id);
}

/** The provider's button label when it is configured (it is, on a real link), else its id. */
const providerName = (p: Platform, id: ProviderId) => configuredProviders(p).find((x) => x.id === id)?.name ?? id;

const identityItem = (p: Platform, identity: ExternalIdentity, userId: string): IdentityItem => ({
  ...identityKey(identity.provider, identity.subject),
  ...ownerIndex(userId, `IDENTITY#${identity.provider}#${identity.subject}`),
  type: "ExternalIdentity",
  provider: identity.provider,
  subject: identity.subject,
  userId,
  email: identity.email,
  linkedAt: p.clock.now().toISOString(),
});

/**
 * The account an external identity signs in to. A known identity signs in to its account. A new one links to
 * the account with the same address, but only when the provider verified that address; if that account's
 * own address was never verified, its password is dropped, since whoever set it never proved the mailbox
 * (someone may have registered the address first, waiting for its owner). Otherwise a verified account is created.
 */
export async function linkIdentity(p: Platform, identity: ExternalIdentity): Promise<StoredUser> {
  const known = await p.store.get<IdentityItem>(identityKey(identity.provider, identity.subject), { consistent: true });
  if (known) {
    const user = await getUser(p, known.userId, true);
    if (user) return user;
    // The account was erased while this link survived: forget the link and start over.
    await p.store.delete(identityKey(identity.provider, identity.subject));
  }
  if (!identity.email || !identity.emailVerified) {
    throw forbidden(
      "auth.oauth_email_unverified",
      "Your account at this provider has no verified email address, which Pactly needs. Verify it there, or sign up with email.",
    );
  }
  const existing = await findUserByEmail(p, identity.email);
  if (existing) {
    let linkedNow = true;
    try {
      await p.store.put(identityItem(p, identity, existing.id), { absent: true });
    } catch (e) {
      if (!isConditionFailed(e)) throw e;
      linkedNow = false;
    }
    await addSignInMethod(p, existing.id, identity.provider);
    // A new way into an account the owner had already verified: tell the owner (only the link that was written).
    if (linkedNow && existing.emailVerified) {
      const mail = signInMethodAddedEmail(p, existing.email, existing.name, providerName(p, identity.provider));
      await commitWithEffects(p, [], [mailEffect(mail)]);
    }
    if (!existing.emailVerified) {
      await dropPassword(p, existing.id);
      await removeSignInMethod(p, existing.id, "password");
      await discardEmailTokens(p, existing.id, "verify");
      await markEmailVerified(p, existing.id);
      p.log.warn("unverified password dropped on provider link", { userId: existing.id, provider: identity.provider });
    }
    p.log.info("identity linked", { userId: existing.id, provider: identity.provider });
    return (await getUser(p, existing.id, true))!;
  }
  try {
    const user = await createUser(
      p,
      {
        email: identity.email,
        name: identity.name ?? identity.email.split("@")[0]!,
        emailVerified: true,
        signInMethod: identity.provider,
      },
      (userId) => [identityItem(p, identity, userId)],
    );
    p.log.info("account created", { userId: user.id, method: identity.provider });
    return user;
  } catch (e) {
    // Two first sign-ins at once: the other one created the account; link to it.
    if (isConditionFailed(e) || e instanceof EmailTakenError) {
      return linkIdentity(p, identity);
    }
    throw e;
  }
}
