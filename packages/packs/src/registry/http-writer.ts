/** The registry server's write API: `PUT /api/v1/packs/:name/:version`, `POST .../deprecate|yank|unyank`. */
import { RegistryError } from '../util/errors.js';
import { answerError, networkError, responseError } from './http-source.js';
import { inspectPack } from '../packs/inspect-pack.js';
import { putWithContinue } from './put-with-continue.js';
import type { PublishResult, RegistryWriter } from './registry-writer.js';

export type PackAction = 'deprecate' | 'yank' | 'unyank';

export function packApiPath(name: string, version: string, action?: PackAction): string {
  const base = `api/v1/packs/${encodeURIComponent(name)}/${encodeURIComponent(version)}`;
  return action ? `${base}/${action}` : base;
}

export class HttpWriter implements RegistryWriter {
  /** `baseUrl` ends with '/'. */
  constructor(private readonly baseUrl: string) {}

  private needToken(token: string): void {
    if (!token) throw new RegistryError(`${this.baseUrl}: a token is needed to write (create one on the server with \`faceforge registry token add\`)`, 401);
  }

  private async post(path: string, token: string, body: string): Promise<unknown> {
    this.needToken(token);
    const url = new URL(path, this.baseUrl).href;
    const method = 'POST';
    let response: Response;
    try {
      response = await fetch(url, { method, body, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } });
    } catch (error) {
      throw networkError(url, error);
    }
    if (!response.ok) throw await responseError(method, url, response);
    return response.json();
  }

  async publish(archive: Buffer, token: string): Promise<PublishResult> {
    // the URL names the pack; the server checks it against the manifest again (it trusts no client)
    const { manifest } = await inspectPack(archive, { source: 'the archive to publish' });
    this.needToken(token);
    const url = new URL(packApiPath(manifest.name, manifest.version), this.baseUrl).href;
    let answer;
    try {
      answer = await putWithContinue(url, { authorization: `Bearer ${token}`, 'content-type': 'application/gzip' }, archive);
    } catch (error) {
      throw networkError(url, error);
    }
    if (answer.status < 200 || answer.status > 299) throw answerError('PUT', url, answer.status, answer.statusText, answer.body);
    return JSON.parse(answer.body) as PublishResult;
  }

  async deprecate(name: string, version: string, message: string, token: string): Promise<void> {
    await this.post(packApiPath(name, version, 'deprecate'), token, JSON.stringify({ message }));
  }

  async yank(name: string, version: string, token: string): Promise<void> {
    await this.post(packApiPath(name, version, 'yank'), token, '{}');
  }

  async unyank(name: string, version: string, token: string): Promise<void> {
    await this.post(packApiPath(name, version, 'unyank'), token, '{}');
  }
}
