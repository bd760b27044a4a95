/** The registry server's write API: `PUT /api/v1/packs/:name/:version`, `POST .../deprecate|yank`. */
import { RegistryError } from '../util/errors.js';
import { networkError, responseError } from './http-source.js';
import { inspectPack } from '../packs/inspect-pack.js';
import type { PublishResult, RegistryWriter } from './registry-writer.js';

export function packApiPath(name: string, version: string, action?: 'deprecate' | 'yank'): string {
  const base = `api/v1/packs/${encodeURIComponent(name)}/${encodeURIComponent(version)}`;
  return action ? `${base}/${action}` : base;
}

export class HttpWriter implements RegistryWriter {
  /** `baseUrl` ends with '/'. */
  constructor(private readonly baseUrl: string) {}

  private async send(method: 'PUT' | 'POST', path: string, token: string, body: Buffer | string, contentType: string): Promise<unknown> {
    if (!token) throw new RegistryError(`${this.baseUrl}: a token is needed to write (create one on the server with \`faceforge registry token add\`)`, 401);
    const url = new URL(path, this.baseUrl).href;
    let response: Response;
    try {
      response = await fetch(url, { method, body, headers: { authorization: `Bearer ${token}`, 'content-type': contentType } });
    } catch (error) {
      throw networkError(url, error);
    }
    if (!response.ok) throw await responseError(method, url, response);
    return response.json();
  }

  async publish(archive: Buffer, token: string): Promise<PublishResult> {
    // the URL names the pack; the server checks it against the manifest again (it trusts no client)
    const { manifest } = await inspectPack(archive, { source: 'the archive to publish' });
    return (await this.send('PUT', packApiPath(manifest.name, manifest.version), token, archive, 'application/gzip')) as PublishResult;
  }

  async deprecate(name: string, version: string, message: string, token: string): Promise<void> {
    await this.send('POST', packApiPath(name, version, 'deprecate'), token, JSON.stringify({ message }), 'application/json');
  }

  async yank(name: string, version: string, token: string): Promise<void> {
    await this.send('POST', packApiPath(name, version, 'yank'), token, '{}', 'application/json');
  }
}
