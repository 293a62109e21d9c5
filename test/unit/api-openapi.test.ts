// The OpenAPI document as JSON Schema validators read it: every pattern is a plain ECMA-262
// pattern (no JavaScript /.../flags around it) that compiles as a Unicode regular expression.
import { openApiDocument } from '../../api/openapi';
import { v1Endpoints } from '../../api/routes';

function patternsIn(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => patternsIn(v, found));
  else if (value !== null && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      if (key === 'pattern' && typeof v === 'string') found.push(v);
      else patternsIn(v, found);
    }
  }
  return found;
}

describe('the OpenAPI document', () => {
  const patterns = patternsIn(openApiDocument(v1Endpoints));

  test('has the patterns of the schemas, the username among them', () => {
    expect(patterns).toContain('^[\\p{L}\\p{N}._@-]+$');
  });

  test.each(patternsIn(openApiDocument(v1Endpoints)))('pattern %s is plain and compiles as Unicode', (pattern) => {
    expect(pattern).not.toMatch(/\/[dgimsuvy]*$/);
    expect(() => new RegExp(pattern, 'u')).not.toThrow();
  });
});

describe('the operations of the OpenAPI document', () => {
  const paths = openApiDocument(v1Endpoints).paths ?? {};
  const operations = Object.entries(paths).flatMap(([path, item]) =>
    Object.entries(item as Record<string, { summary?: string; description?: string }>).map(([method, op]) => [`${method.toUpperCase()} ${path}`, op] as const),
  );

  test('cover every endpoint, /health and /openapi.json', () => {
    expect(operations).toHaveLength(v1Endpoints.length + 2);
  });

  test.each(operations)('%s has a summary and a description of who may call it', (_name, op) => {
    expect(op.summary?.trim()).toBeTruthy();
    expect(op.description?.trim()).toBeTruthy();
    expect(op.description).toMatch(/^(For |Public)/);
  });
});
