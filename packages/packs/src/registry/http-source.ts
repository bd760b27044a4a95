/** Reads the static layout over HTTP(S) with Node's fetch: from the registry server or any static host. */
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { RegistryError } from '../util/errors.js';
import type { RegistrySource } from './registry-source.js';

/** Turns a network failure into a message that names the URL and the cause. */
export function networkError(url: string, error: unknown): RegistryError {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const detail = cause?.code ?? cause?.message ?? (error as { code?: string }).code ?? (error as Error).message;
  return new RegistryError(`${url}: could not reach the registry (${detail})`);
}

/** The error a non-2xx answer becomes: the server's own `{"error"}` message when it sent one. */
export async function responseError(method: string, url: string, response: Response): Promise<RegistryError> {
  return answerError(method, url, response.status, response.statusText, await response.text().catch(() => ''));
}

export function answerError(method: string, url: string, status: number, statusText: string, body: string): RegistryError {
  let message = body.trim().slice(0, 500);
  try {
    const parsed = JSON.parse(body) as { error?: unknown };
    if (typeof parsed.error === 'string') message = parsed.error;
  } catch {
    // not JSON: keep the text
  }
  const reason = `${status} ${statusText}`.trim();
  return new RegistryError(`${method} ${url}: ${reason}${message ? `: ${message}` : ''}`, status);
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

  private async get(relativePath: string): Promise<Response> {
    const url = this.describe(relativePath);
    let response: Response;
    try {
      response = await fetch(url);
    } catch (error) {
      throw networkError(url, error);
    }
    if (!response.ok) throw await responseError('GET', url, response);
    return response;
  }

  async read(relativePath: string): Promise<Buffer> {
    return Buffer.from(await (await this.get(relativePath)).arrayBuffer());
  }

  async open(relativePath: string): Promise<{ size?: number; chunks: AsyncIterable<Uint8Array> }> {
    const response = await this.get(relativePath);
    const declared = response.headers.get('content-length');
    const chunks = response.body ? Readable.fromWeb(response.body as WebReadableStream<Uint8Array>) : Readable.from([]);
    return { ...(declared !== null && /^\d+$/.test(declared) ? { size: Number(declared) } : {}), chunks };
  }
}
