// DATA_DIR and the secrets in it are readable by their owner only: made so, or tightened with a warning.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureDataDir, secureDataDir } from '../../infra/data-dir';
import { loadConfig } from '../../infra/config';

const modeOf = (file: string) => fs.statSync(file).mode & 0o777;

describe('DATA_DIR', () => {
  let root: string;

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'cadre-rotation-data-dir-'));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  test('is created 0700, and the signing secret in it 0600', () => {
    const dataDir = path.join(root, 'nested', 'data');
    loadConfig({ DATA_DIR: dataDir });
    expect(modeOf(dataDir)).toBe(0o700);
    expect(modeOf(path.join(dataDir, 'jwt-secret'))).toBe(0o600);
    ensureDataDir(path.join(dataDir, 'pglite'));
    expect(modeOf(path.join(dataDir, 'pglite'))).toBe(0o700);
  });

  test('that others may read is tightened, with a warning naming each file', () => {
    const dataDir = path.join(root, 'data');
    fs.mkdirSync(dataDir, { mode: 0o755 });
    fs.chmodSync(dataDir, 0o755);
    fs.writeFileSync(path.join(dataDir, 'jwt-secret'), 'x'.repeat(48), { mode: 0o644 });
    fs.chmodSync(path.join(dataDir, 'jwt-secret'), 0o644);
    const warn = jest.fn();
    secureDataDir(dataDir, { warn });
    expect(modeOf(dataDir)).toBe(0o700);
    expect(modeOf(path.join(dataDir, 'jwt-secret'))).toBe(0o600);
    expect(warn.mock.calls.map(([, message]) => message)).toEqual([
      `${dataDir} was open to other users (0755); made it 0700`,
      `${path.join(dataDir, 'jwt-secret')} was open to other users (0644); made it 0600`,
    ]);
  });

  test('already kept to its owner, or not there yet, is left as it is, without a word', () => {
    const warn = jest.fn();
    secureDataDir(path.join(root, 'absent'), { warn });
    const dataDir = path.join(root, 'data');
    ensureDataDir(dataDir);
    fs.chmodSync(dataDir, 0o500);
    secureDataDir(dataDir, { warn });
    expect(modeOf(dataDir)).toBe(0o500);
    expect(warn).not.toHaveBeenCalled();
    expect(fs.existsSync(path.join(root, 'absent'))).toBe(false);
  });
});
