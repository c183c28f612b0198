// Video rooms on Jitsi: an unguessable room per session, and a signed room token per member when configured.
import { randomBytes } from "node:crypto";
import type { JitsiConfig } from "../platform/index.js";

/** 128 random bits, hex: Jitsi room names are case-insensitive, so no base64. */
export const newRoomName = (): string => `pactly-${randomBytes(16).toString("hex")}`;

export interface RoomMember {
  userId: string;
  displayName: string;
  moderator: boolean;
}

/** Whether rooms are signed: JaaS (app id, private key, key id) or self-hosted token auth (app id, secret). */
export const signsRooms = (c: JitsiConfig) => Boolean(c.appId && ((c.privateKey && c.keyId) || c.secret));

const isJaas = (c: JitsiConfig) => Boolean(c.appId && c.privateKey && c.keyId);

/**
 * The room token of one member: `room`, `exp` (the session's end plus an hour), `context.user` and whether they
 * moderate. JaaS wants RS256 with its key id, `aud` "jitsi", `iss` "chat" and `sub` the app id; a self-hosted
 * prosody checks HS256 with the shared secret, `iss` the app id and `sub` its domain.
 */
export async function roomToken(
  c: JitsiConfig,
  room: string,
  member: RoomMember,
  times: { now: Date; endsAt: Date },
): Promise<string> {
  const { SignJWT, importPKCS8 } = await import("jose");
  const nbf = Math.floor(times.now.getTime() / 1000) - 60;
  const exp = Math.floor(times.endsAt.getTime() / 1000) + 3600;
  const user = { id: member.userId, name: member.displayName, moderator: member.moderator ? "true" : "false" };
  if (isJaas(c)) {
    const key = await importPKCS8(c.privateKey!, "RS256");
    return new SignJWT({
      room,
      context: { user, features: { livestreaming: false, recording: false, transcription: false } },
    })
      .setProtectedHeader({ alg: "RS256", kid: c.keyId!, typ: "JWT" })
      .setAudience("jitsi")
      .setIssuer("chat")
      .setSubject(c.appId!)
      .setNotBefore(nbf)
      .setExpirationTime(exp)
      .sign(key);
  }
  return new SignJWT({ room, context: { user }, moderator: member.moderator })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setAudience(c.appId!)
    .setIssuer(c.appId!)
    .setSubject(c.domain)
    .setNotBefore(nbf)
    .setExpirationTime(exp)
    .sign(new TextEncoder().encode(c.secret!));
}

/** The room's address for one member: with their token when rooms are signed (JaaS rooms live under the app id). */
export async function roomUrl(
  c: JitsiConfig,
  room: string,
  member: RoomMember,
  times: { now: Date; endsAt: Date },
): Promise<string> {
  if (!signsRooms(c)) return `https://${c.domain}/${room}`;
  const token = await roomToken(c, room, member, times);
  const path = isJaas(c) ? `${c.appId}/${room}` : room;
  return `https://${isJaas(c) && c.domain === "meet.jit.si" ? "8x8.vc" : c.domain}/${path}?jwt=${token}`;
}
