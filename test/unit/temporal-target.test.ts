import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { needsDevServer, temporalTarget } from '../../infra/temporal';

describe('temporalTarget', () => {
  const noFile = { TEMPORAL_CONFIG_FILE: path.join(os.tmpdir(), 'no-such-temporal.toml') };

  test('nothing configured: the embedded dev server, namespace default', () => {
    expect(needsDevServer({ temporal: {} }, noFile)).toBe(true);
    expect(temporalTarget({ temporal: {} }, noFile).namespace).toBe('default');
  });

  test('an address, namespace and API key: TLS on unless turned off', () => {
    const target = temporalTarget({ temporal: { address: 'ns.a1b2.tmprl.cloud:7233', namespace: 'ns.a1b2', apiKey: 'k' } }, noFile);
    expect(target).toMatchObject({ namespace: 'ns.a1b2', connectionOptions: { address: 'ns.a1b2.tmprl.cloud:7233', apiKey: 'k', tls: true } });
    expect(temporalTarget({ temporal: { address: 'x:7233', apiKey: 'k', tls: false } }, noFile).connectionOptions.tls).toBe(false);
  });

  test('a profile of the Temporal config file supplies what the environment does not', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cadre-rotation-envconfig-'));
    const file = path.join(dir, 'temporal.toml');
    fs.writeFileSync(file, '[profile.prod]\naddress = "temporal.internal:7233"\nnamespace = "cadre-prod"\n');
    try {
      const env = { TEMPORAL_CONFIG_FILE: file };
      expect(needsDevServer({ temporal: { profile: 'prod' } }, env)).toBe(false);
      expect(temporalTarget({ temporal: { profile: 'prod' } }, env)).toMatchObject({
        namespace: 'cadre-prod',
        connectionOptions: { address: 'temporal.internal:7233' },
      });
      expect(temporalTarget({ temporal: { profile: 'prod', namespace: 'other' } }, env).namespace).toBe('other');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
