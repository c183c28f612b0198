// `pnpm bench <name>` runs bench/<name>.ts; without a known name it lists the benchmarks.
import { readdirSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";

const dir = fileURLToPath(new URL(".", import.meta.url));
const available = readdirSync(dir)
  .filter((f) => f.endsWith(".ts") && f !== "run.ts")
  .map((f) => f.slice(0, -3))
  .sort();

const name = process.argv[2];
if (!name || !available.includes(name)) {
  if (name) console.error(`Unknown benchmark "${name}".`);
  console.error(`Usage: pnpm bench <name>\nAvailable: ${available.join(", ")}`);
  process.exit(name ? 1 : 0);
}

const bench = (await import(pathToFileURL(`${dir}${name}.ts`).href)) as { run: (args: string[]) => Promise<void> };
await bench.run(process.argv.slice(3));
