export interface ApiOptions {
  baseUrl: string;
  retries: number;
  timeoutMs: number;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export async function getJson<T>(path: string, options: ApiOptions): Promise<T> {
  let lastError: unknown;
  for (let attempt = 0; attempt <= options.retries; attempt++) {
    try {
      const response = await fetch(`${options.baseUrl}${path}`, { signal: AbortSignal.timeout(options.timeoutMs) });
      if (!response.ok) throw new ApiError(response.status, `GET ${path} failed: ${response.status}`);
      return (await response.json()) as T;
    } catch (error) {
      lastError = error;
      if (error instanceof ApiError && error.status < 500) break;
      await new Promise((resolve) => setTimeout(resolve, 200 * 2 ** attempt));
    }
  }
  throw lastError;
}

export async function postJson<T>(path: string, body: unknown, options: ApiOptions): Promise<T> {
  const response = await fetch(`${options.baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(options.timeoutMs),
  });
  if (!response.ok) throw new ApiError(response.status, `POST ${path} failed: ${response.status}`);
  return (await response.json()) as T;
}
