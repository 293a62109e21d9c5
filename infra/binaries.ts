// Where the Temporal executables are: a configured path, the project's own copy (installed by
// `npm install` from PyPI into .tools/), or `temporal` on PATH. null means "let the SDK download".
import fs from 'node:fs';
import path from 'node:path';

export const TOOLS_DIR = path.resolve(__dirname, '..', '.tools', 'temporal');

function onPath(name: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, name);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

function existing(p: string | undefined): string | null {
  return p && fs.existsSync(p) ? p : null;
}

/** The `temporal` CLI (its `server start-dev` is the dev server). */
export function temporalCliPath(): string | null {
  return existing(process.env.TEMPORAL_CLI_PATH) ?? existing(path.join(TOOLS_DIR, 'bin', 'temporal')) ?? onPath('temporal');
}

/** The time-skipping test server. */
export function temporalTestServerPath(): string | null {
  return existing(process.env.TEMPORAL_TEST_SERVER_PATH) ?? existing(path.join(TOOLS_DIR, 'bin', 'temporal-test-server')) ?? onPath('temporal-test-server');
}

/** The SDK's `executable` option for a server: the path found, else its own cached download. */
export function executableOption(found: string | null): { type: 'existing-path'; path: string } | { type: 'cached-download' } {
  return found ? { type: 'existing-path', path: found } : { type: 'cached-download' };
}
