// A headless Chromium for the browser tests, driven by playwright-core: no browser is downloaded
// at run time. Without one the tests fail saying how to install it; they never skip.
import fs from 'node:fs';
import path from 'node:path';
import { type Browser, chromium } from 'playwright-core';

const CANDIDATES = ['chromium', 'chromium-browser', 'google-chrome'];

export const NO_BROWSER_MESSAGE =
  'no Chromium found for the browser tests: install one (Debian/Ubuntu: `apt-get install chromium`; `bash .ci/run` does it when run as root) ' +
  'or set CHROMIUM_PATH to a Chromium or Chrome executable';

/** The executable named by CHROMIUM_PATH, or the first of chromium, chromium-browser, google-chrome on PATH; null when none. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | null {
  const configured = env.CHROMIUM_PATH;
  if (configured) {
    if (!isExecutable(configured)) throw new Error(`CHROMIUM_PATH is ${configured}, which is not an executable file; ${NO_BROWSER_MESSAGE}`);
    return configured;
  }
  const dirs = (env.PATH ?? '').split(path.delimiter).filter(Boolean);
  for (const name of CANDIDATES) {
    for (const dir of dirs) {
      const candidate = path.join(dir, name);
      if (isExecutable(candidate)) return candidate;
    }
  }
  return null;
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** Launches the Chromium found headless (with --no-sandbox when running as root, where its sandbox refuses to start). */
export async function launchBrowser(): Promise<Browser> {
  const executablePath = findChromium();
  if (!executablePath) throw new Error(NO_BROWSER_MESSAGE);
  const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  return chromium.launch({ executablePath, headless: true, args: asRoot ? ['--no-sandbox'] : [] });
}
