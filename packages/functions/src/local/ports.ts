// Port checks for the emulators: pick a free port, or fail early and plainly when a chosen one is taken.
import { type AddressInfo, createServer } from "node:net";

export class PortInUseError extends Error {
  constructor(
    readonly port: number,
    what: string,
  ) {
    super(`Port ${port} is already in use, so ${what} cannot start there. Stop what holds it or choose another port.`);
    this.name = "PortInUseError";
  }
}

/**
 * Binds briefly and releases: a free port when `port` is 0, otherwise proof that `port` is free.
 * With no host the probe binds every interface, as DynamoDB Local does, so a port held on any one address counts.
 */
export function probePort(port: number, what: string, host?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.once("error", (e: NodeJS.ErrnoException) => {
      reject(
        e.code === "EADDRINUSE"
          ? new PortInUseError(port, what)
          : new Error(`${what}: cannot use port ${port}: ${e.message}`),
      );
    });
    probe.listen({ port, host, exclusive: true }, () => {
      const chosen = (probe.address() as AddressInfo).port;
      probe.close(() => resolve(chosen));
    });
  });
}
