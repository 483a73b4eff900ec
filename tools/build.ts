/**
 * Compiles the two entry points the image runs into dist/ (the Dockerfile's build stage and
 * test/integration/compiled-build.test.ts run exactly this): one CommonJS file each with the
 * `@mca/*` workspaces inside (their package.json points at TypeScript sources, which plain
 * node cannot load), and every npm package left as a require() of node_modules, where the
 * final image installs production dependencies only.
 *
 * Files the code opens at run time beside its own source are copied next to the bundles.
 */
import { copyFileSync, cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build, type Plugin } from 'esbuild';

const ROOT = path.resolve(__dirname, '..');
export const OUT_DIR = path.join(ROOT, 'dist');
export const ENTRIES = { api: 'services/api/src/main.ts', workers: 'workers/main.ts', cli: 'cli/src/main.ts' } as const;
/** The email-reply-parser worker thread is started by file name (read-with-email-reply-parser.ts). */
const RUNTIME_FILES = ['inbound-email/src/email-reply-parser-thread.mjs'];
/** The console's stylesheet and scripts, served from `assets/` beside the code (console/index.ts). */
const RUNTIME_DIRS = { 'services/api/src/console/assets': 'assets' };

/** The directory node would load package `name` from when required in `fromDir` (undefined: not installed). */
export function packageDirFrom(name: string, fromDir: string): string | undefined {
  for (let dir = fromDir; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name);
    if (existsSync(path.join(candidate, 'package.json'))) return candidate;
    if (path.dirname(dir) === dir) return undefined;
  }
}

const packageName = (specifier: string): string =>
  specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');

/**
 * npm packages stay external; our own workspaces are compiled in. The bundle require()s from
 * dist/, i.e. from the root node_modules: where npm nested a workspace's own version of a package
 * because another version took the root slot (lru-cache 11 under core/, 5 at the root for babel),
 * that nested version is compiled in, so the compiled code runs what the sources run.
 */
const nodeModulesExternal: Plugin = {
  name: 'node-modules-external',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith('@mca/')) return undefined;
      const name = packageName(args.path);
      const fromSource = packageDirFrom(name, args.resolveDir);
      return fromSource === undefined || fromSource === packageDirFrom(name, OUT_DIR) ? { path: args.path, external: true } : undefined;
    });
  },
};

export async function buildDist(): Promise<void> {
  rmSync(OUT_DIR, { recursive: true, force: true });
  mkdirSync(OUT_DIR, { recursive: true });
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: ENTRIES,
    outdir: OUT_DIR,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: true,
    metafile: true,
    logLevel: 'warning',
    plugins: [nodeModulesExternal],
  });
  // Which packages the compiled code requires: the test checks each is a production dependency.
  writeFileSync(path.join(OUT_DIR, 'meta.json'), JSON.stringify(result.metafile));
  for (const file of RUNTIME_FILES) copyFileSync(path.join(ROOT, file), path.join(OUT_DIR, path.basename(file)));
  for (const [from, to] of Object.entries(RUNTIME_DIRS)) cpSync(path.join(ROOT, from), path.join(OUT_DIR, to), { recursive: true });
}

if (require.main === module) {
  buildDist().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
