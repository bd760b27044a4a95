/** Reads the static layout over HTTP(S) with Node's fetch: from the registry server or any static host. */
import { RegistryError } from '../util/errors.js';
import type { RegistrySource } from './registry-source.js';

/** Turns a network failure into a message that names the URL and the cause. */
export function networkError(url: string, error: unknown): RegistryError {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const detail = cause?.code ?? cause?.message ?? (error as Error).message;
  return new RegistryError(`${url}: could not reach the registry (${detail})`);
}

/** The error a non-2xx answer becomes: the server's own `{"error"}` message when it sent one. */
export async function responseError(method: string, url: string, response: Response): Promise<RegistryError> {
  const body = await response.text().catch(() => '');
  let message = body.trim().slice(0, 500);
  try {
    const parsed = JSON.parse(body) as { error?: unknown };
    if (typeof parsed.error === 'string') message = parsed.error;
  } catch {
    // not JSON: keep the text
  }
  const reason = `${response.status} ${response.statusText}`.trim();
  return new RegistryError(`${method} ${url}: ${reason}${message ? `: ${message}` : ''}`, response.status);
}

export class HttpSource implements RegistrySource {
  /** Always ends with '/', so relative paths resolve under it. */
  readonly location: string;

  constructor(url: string) {
    const base = url.replace(/\/index\.json$/, '');
    this.location = base.endsWith('/') ? base : `${base}/`;
  }

  describe(relativePath: string): string {
    return new URL(relativePath, this.location).href;
  }

  async read(relativePath: string): Promise<Buffer> {
    const url = this.describe(relativePath);
    let response: Response;
    try {
      response = await fetch(url);
    } catch (error) {
      throw networkError(url, error);
    }
    if (!response.ok) throw await responseError('GET', url, response);
    return Buffer.from(await response.arrayBuffer());
  }
}
