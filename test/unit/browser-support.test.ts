import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { NO_BROWSER_MESSAGE, findChromium } from '../support/browser';

describe('finding a Chromium for the browser tests', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'browser-support-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('takes the first of chromium, chromium-browser, google-chrome on PATH', () => {
    const chrome = path.join(dir, 'google-chrome');
    fs.writeFileSync(chrome, '#!/bin/sh\n', { mode: 0o755 });
    expect(findChromium({ PATH: dir })).toBe(chrome);
  });

  it('finds none on an empty PATH', () => {
    expect(findChromium({ PATH: '' })).toBeNull();
  });

  it('refuses a CHROMIUM_PATH that is not an executable, saying how to install one', () => {
    expect(() => findChromium({ CHROMIUM_PATH: path.join(dir, 'missing') })).toThrow(NO_BROWSER_MESSAGE);
  });
});
