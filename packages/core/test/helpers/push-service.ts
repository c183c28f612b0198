// A stand-in push service on 127.0.0.1: records each request, answers with the status a test sets, and can open the
// encrypted payload the way a browser would (RFC 8291, aes128gcm), so tests see what a device would show.
import { createDecipheriv, createECDH, hkdfSync, randomBytes } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface PushRequest {
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** A browser's side of a subscription: its key pair and auth secret, to decrypt what it receives. */
export interface Device {
  endpoint: string;
  keys: { p256dh: string; auth: string };
  decrypt(body: Buffer): string;
}

export class PushServiceStandIn {
  readonly requests: PushRequest[] = [];
  /** What the next requests are answered with (201 Created, as push services do). */
  status = 201;
  private server: Server | undefined;
  private base = "";

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        this.requests.push({ path: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks) });
        res.writeHead(this.status).end();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** A new device subscribed at this service. */
  device(name: string): Device {
    const ecdh = createECDH("prime256v1");
    const uaPublic = ecdh.generateKeys();
    const auth = randomBytes(16);
    return {
      endpoint: `${this.base}/push/${name}`,
      keys: { p256dh: uaPublic.toString("base64url"), auth: auth.toString("base64url") },
      decrypt(body: Buffer): string {
        // Header: salt (16) | record size (4) | key id length (1) | key id (the server's ephemeral public key).
        const salt = body.subarray(0, 16);
        const idLength = body[20]!;
        const asPublic = body.subarray(21, 21 + idLength);
        const ciphertext = body.subarray(21 + idLength);
        const secret = ecdh.computeSecret(asPublic);
        const info = Buffer.concat([Buffer.from("WebPush: info\0"), uaPublic, asPublic]);
        const ikm = Buffer.from(hkdfSync("sha256", secret, auth, info, 32));
        const cek = Buffer.from(hkdfSync("sha256", ikm, salt, Buffer.from("Content-Encoding: aes128gcm\0"), 16));
        const nonce = Buffer.from(hkdfSync("sha256", ikm, salt, Buffer.from("Content-Encoding: nonce\0"), 12));
        const decipher = createDecipheriv("aes-128-gcm", cek, nonce);
        decipher.setAuthTag(ciphertext.subarray(ciphertext.length - 16));
        const padded = Buffer.concat([
          decipher.update(ciphertext.subarray(0, ciphertext.length - 16)),
          decipher.final(),
        ]);
        // The last record ends with the delimiter 0x02, then zero padding.
        const end = padded.lastIndexOf(2);
        return padded.subarray(0, end).toString("utf8");
      },
    };
  }
}
