// Ends emulator child processes together with this process, so no Java process outlives a run or a test suite.
import type { ChildProcess } from "node:child_process";
import { constants } from "node:os";

const live = new Set<ChildProcess>();
let installed = false;

const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

function signalAll(signal: NodeJS.Signals): void {
  for (const child of live) {
    try {
      child.kill(signal);
    } catch {
      // already gone
    }
  }
}

function install(): void {
  if (installed) return;
  installed = true;
  // Only synchronous work is possible here; SIGTERM lets the JVM close its database files on its own.
  process.on("exit", () => signalAll("SIGTERM"));
  for (const signal of SIGNALS) {
    process.on(signal, () => {
      // Another listener (the local runtime's graceful shutdown, the test runner) owns the exit and will
      // stop the emulators itself, or the exit hook above will. Alone, this listener must do what Node
      // would have done without it: end the process.
      if (process.listenerCount(signal) > 1) return;
      signalAll("SIGTERM");
      process.exit(128 + constants.signals[signal]);
    });
  }
}

/** Tracks `child` until it exits; returns a function that stops tracking it (after a deliberate stop). */
export function stopOnExit(child: ChildProcess): () => void {
  install();
  live.add(child);
  child.once("exit", () => live.delete(child));
  return () => live.delete(child);
}
