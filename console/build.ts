/**
 * Builds the console into console/dist (static files the server serves
 * under /console).
 *
 *   node console/build.ts              build now
 *   node console/build.ts --if-stale   build only when console/dist is missing or was built from other sources
 *
 * `npm start` runs the second (`prestart`), so `npm ci && npm start` serves a
 * built console and a changed source is rebuilt on the next start. "Other
 * sources" is decided by a hash of the console's files and package-lock.json
 * kept in console/dist/.build-hash, not by file times (a checkout sets them).
 * The build is written beside console/dist and renamed into place, so a
 * running server never sees half a build.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const CONSOLE_DIR = path.dirname(fileURLToPath(import.meta.url));
const DIST = path.join(CONSOLE_DIR, 'dist');
const HASH_FILE = '.build-hash';
/** What the build reads: the console's own files (not its output) and the locked dependency versions. */
const SOURCES = ['index.html', 'vite.config.ts', 'tsconfig.json', 'public', 'src'];

/** The source files, relative to console/, in a stable order. */
function sourceFiles(): string[] {
  const files: string[] = [];
  for (const entry of SOURCES) {
    const full = path.join(CONSOLE_DIR, entry);
    if (!existsSync(full)) continue;
    if (!statSync(full).isDirectory()) {
      files.push(entry);
      continue;
    }
    for (const name of readdirSync(full, { recursive: true, encoding: 'utf8' })) {
      if (statSync(path.join(full, name)).isFile()) files.push(path.join(entry, name));
    }
  }
  return files.sort();
}

/** A hash of every source of the build. */
export function sourceHash(): string {
  const hash = createHash('sha256');
  for (const file of sourceFiles()) {
    hash
      .update(file.split(path.sep).join('/'))
      .update('\0')
      .update(readFileSync(path.join(CONSOLE_DIR, file)))
      .update('\0');
  }
  const lock = path.join(CONSOLE_DIR, '..', 'package-lock.json');
  if (existsSync(lock)) hash.update(readFileSync(lock));
  return hash.digest('hex');
}

/** True when console/dist was built from the sources as they are now. */
export function isFresh(): boolean {
  const file = path.join(DIST, HASH_FILE);
  return existsSync(path.join(DIST, 'index.html')) && existsSync(file) && readFileSync(file, 'utf8').trim() === sourceHash();
}

export async function buildConsole(): Promise<void> {
  const hash = sourceHash();
  const staging = path.join(CONSOLE_DIR, `.dist-${process.pid}`);
  // Loaded here: `--if-stale` with a fresh build needs no bundler (and none is installed with --omit=dev).
  const { build } = await import('vite');
  await build({
    configFile: path.join(CONSOLE_DIR, 'vite.config.ts'),
    logLevel: 'warn',
    build: { outDir: staging, emptyOutDir: true },
  });
  writeFileSync(path.join(staging, HASH_FILE), `${hash}\n`);
  const old = path.join(CONSOLE_DIR, `.dist-old-${process.pid}`);
  if (existsSync(DIST)) renameSync(DIST, old);
  renameSync(staging, DIST);
  rmSync(old, { recursive: true, force: true });
}

async function viteInstalled(): Promise<boolean> {
  try {
    await import('vite');
    return true;
  } catch {
    return false;
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const ifStale = process.argv.includes('--if-stale');
  if (ifStale && isFresh()) process.exit(0);
  if (ifStale && !(await viteInstalled())) {
    // Installed without devDependencies: the server serves console/dist as it is (or says it is not built).
    process.stderr.write(
      'fapiao-hub: the console cannot be built here (vite is not installed: npm ci without --omit=dev); starting anyway\n',
    );
    process.exit(0);
  }
  process.stderr.write(`fapiao-hub: building the console into ${path.relative(process.cwd(), DIST) || DIST} …\n`);
  await buildConsole();
  process.stderr.write('fapiao-hub: console built\n');
}
