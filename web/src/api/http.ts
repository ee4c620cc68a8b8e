// One way to call the REST API: JSON in, JSON out, and every failure as an ApiError.

/** A failed API call: the server's stable `code` and human `message`, plus the HTTP status. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Status 0: the request never got an HTTP answer (server down, network gone). */
export const NETWORK_ERROR_STATUS = 0;

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

/**
 * Calls `path` on this origin with the session cookie. Resolves with the parsed body of a 2xx
 * answer; rejects with an ApiError otherwise (the server's error body when it sent one).
 * `keepalive` lets the request finish while the page unloads.
 */
export async function requestJson<T>(
  method: Method,
  path: string,
  body?: unknown,
  options: { keepalive?: boolean } = {},
): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      keepalive: options.keepalive,
      credentials: 'same-origin',
      headers: body === undefined ? undefined : { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(NETWORK_ERROR_STATUS, 'network', 'Cannot reach the server');
  }
  const parsed: unknown = await response.json().catch(() => null);
  if (response.ok) return parsed as T;
  const error = (parsed as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  const code = typeof error?.code === 'string' ? error.code : 'http_' + response.status;
  const message = typeof error?.message === 'string' ? error.message : response.statusText;
  throw new ApiError(response.status, code, message || 'Request failed');
}
