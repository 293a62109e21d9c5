// The log format: readable lines on a terminal, JSON lines elsewhere, or as LOG_FORMAT says.
import { PassThrough } from 'node:stream';
import { createLogger, logFormatFor } from '../../infra/logger';

describe('log format', () => {
  test.each([
    [undefined, true, 'pretty'],
    [undefined, false, 'json'],
    ['json', true, 'json'],
    ['pretty', false, 'pretty'],
  ] as const)('LOG_FORMAT %s with stdout on a terminal: %s gives %s', (configured, onTerminal, format) => {
    expect(logFormatFor(configured, onTerminal)).toBe(format);
  });

  /** What one line logged in `format` looks like. */
  async function written(format: 'json' | 'pretty'): Promise<string> {
    const destination = new PassThrough();
    let text = '';
    destination.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    createLogger({ format, destination }).warn({ port: 8233, webhook: { secret: 'do-not-show' } }, 'Temporal Web UI port 8233 is taken');
    await new Promise((resolve) => setImmediate(resolve));
    return text;
  }

  test('json: one object per line', async () => {
    const text = await written('json');
    expect(text.endsWith('\n')).toBe(true);
    expect(JSON.parse(text)).toMatchObject({ level: 40, port: 8233, webhook: { secret: '[redacted]' }, msg: 'Temporal Web UI port 8233 is taken' });
  });

  test('pretty: one readable line with its fields, secrets still redacted', async () => {
    const text = await written('pretty');
    expect(text).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] WARN: Temporal Web UI port 8233 is taken \{.*"port":8233.*\}\n$/);
    expect(text).toContain('[redacted]');
    expect(text).not.toContain('do-not-show');
    expect(() => JSON.parse(text)).toThrow();
  });
});
