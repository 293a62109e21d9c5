// A small HTTP client for driving the real API in tests.

export interface CallOptions {
  token?: string;
  idempotencyKey?: string;
  /** Sent as the body instead of JSON.stringify(body), for malformed-input tests. */
  rawBody?: string;
  headers?: Record<string, string>;
}

export interface ApiResponse<T> {
  status: number;
  headers: Headers;
  /** Parsed JSON, or null for an empty body or a file. */
  body: T;
  /** The body as sent: a file's bytes. */
  bytes?: Uint8Array;
}

/** Answers that are files, not JSON (a document of a case). */
const FILE_TYPES = /^(application\/pdf|image\/)/;

/** Tests read answers field by field and assert their shape, so untyped JSON keeps them short. */
export type Json = any;

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';

export class ApiClient {
  constructor(readonly baseUrl: string) {}

  async call<T = Json>(method: Method, path: string, body?: unknown, options: CallOptions = {}): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
    let payload: string | FormData | undefined;
    if (body instanceof FormData) {
      // fetch writes the multipart Content-Type with its boundary.
      payload = body;
    } else if (options.rawBody !== undefined || body !== undefined) {
      headers['content-type'] ??= 'application/json';
      payload = options.rawBody ?? JSON.stringify(body);
    }
    const response = await fetch(new URL(path, this.baseUrl), { method, headers, body: payload });
    const bytes = new Uint8Array(await response.arrayBuffer());
    const text = FILE_TYPES.test(response.headers.get('content-type') ?? '') ? '' : new TextDecoder().decode(bytes);
    return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : null) as T, bytes };
  }

  /** The same calls, always with `token`. */
  as(token: string): SignedInClient {
    return {
      call: <T = Json>(method: Method, path: string, body?: unknown, options: CallOptions = {}) => this.call<T>(method, path, body, { token, ...options }),
    };
  }
}

export interface SignedInClient {
  call<T = Json>(method: Method, path: string, body?: unknown, options?: CallOptions): Promise<ApiResponse<T>>;
}
