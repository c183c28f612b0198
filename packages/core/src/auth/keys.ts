// Sign-in items outside the user's partition and how each is found (docs/data-model.md, Accounts: access patterns).
import { defineEntity } from "../platform/index.js";

/** Tokens and states are stored under the SHA-256 of their value (`tokenHash`), never the value itself. */
export const RefreshToken = defineEntity("RefreshToken", {
  byValue: {
    name: "A refresh token by value (refresh, logout)",
    pk: "REFRESH#<tokenHash>",
    sk: "REFRESH",
    consistent: true,
  },
});
export const EmailToken = defineEntity("EmailToken", {
  byValue: {
    name: "An email token by value",
    pk: "EMAILTOKEN#<tokenHash>",
    sk: "TOKEN",
    note: "used up by a delete conditioned on existence",
  },
  outstanding: {
    name: "A user's outstanding reset or verify links (retire them)",
    index: "gsi2",
    pk: "USER#<userId>",
    sk: { beginsWith: "EMAILTOKEN#<purpose>#" },
  },
});
export const OAuthState = defineEntity("OAuthState", {
  byValue: {
    name: "OAuth state on callback (taken once)",
    pk: "OAUTHSTATE#<stateHash>",
    sk: "STATE",
    note: "conditional delete",
  },
});
export const LocalSigningKey = defineEntity("SigningKey", {
  one: { name: "The local signing key (dev only)", pk: "AUTH#SIGNING_KEY", sk: "LOCAL" },
});
