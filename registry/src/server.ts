/**
 * The registry server: the static layout read-only (GET /index.json, GET /packs/...) and the write
 * API on top of RegistryStore:
 *
 *   PUT  /api/v1/packs/:name/:version             body: the archive; 201, 400, 401, 403, 409, 413
 *   POST /api/v1/packs/:name/:version/deprecate   body: {"message": "..."} ("" lifts it)
 *   POST /api/v1/packs/:name/:version/yank
 *   POST /api/v1/packs/:name/:version/unyank
 *   GET  /api/v1/search?q=&plugin=&fingerprint=&keyword=&kind=
 *
 * Writes need "Authorization: Bearer <token>". Errors are JSON: {"error": "..."}. A request with
 * "Expect: 100-continue" is told "100 Continue" only once its token and the cheap checks pass, so a
 * refused client never sends its archive. An upload streams to a file under private/uploads and is
 * checked from there a chunk at a time (inspectPack), so other requests are answered meanwhile.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { RegistryError, searchIndex, silentLogger, type Logger, type SearchQuery } from '@faceforge/packs';
import { RegistryStore, tooLarge, type RegistryStoreOptions } from './registry-store.js';
import { declaredLength, readBody } from './read-body.js';
import { receiveUpload } from './receive-upload.js';
import { serveStatic } from './static-files.js';

export interface RegistryServerOptions extends RegistryStoreOptions {
  /** The registry directory (public/ is served, private/ never). */
  dir: string;
  logger?: Logger;
}

const PACK_ROUTE = /^\/api\/v1\/packs\/([^/]+)\/([^/]+)(?:\/(deprecate|yank|unyank))?$/;

/** What a handler calls right before it reads a body: sends "100 Continue" when the client waits for it. */
type BodyWanted = () => void;
const SMALL_BODY = 64 * 1024;

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text).toString() });
  response.end(text);
}

function bearerToken(request: IncomingMessage): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
  return match?.[1];
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new RegistryError(`"${segment}" is not a valid URL path segment`, 400);
  }
}

async function readJsonBody(request: IncomingMessage, bodyWanted: BodyWanted): Promise<Record<string, unknown>> {
  bodyWanted();
  const text = (await readBody(request, SMALL_BODY)).toString('utf8');
  if (!text.trim()) return {};
  try {
    const parsed = JSON.parse(text) as unknown;
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw new RegistryError('the request body must be a JSON object', 400);
}

async function handlePackRoute(store: RegistryStore, logger: Logger, request: IncomingMessage, response: ServerResponse, match: RegExpExecArray, bodyWanted: BodyWanted): Promise<void> {
  const name = decodeSegment(match[1]!);
  const version = decodeSegment(match[2]!);
  const action = match[3];
  const method = action ? 'POST' : 'PUT';
  if (request.method !== method) {
    response.setHeader('Allow', method);
    throw new RegistryError(`${request.method} is not allowed here; use ${method}`, 405);
  }
  // who is asking, and may they, before reading a body of up to maxUploadBytes
  const user = await store.authenticate(bearerToken(request));
  if (!action) {
    await store.checkPublish(user, name, version);
    // a declared length over the limit is refused before the body is asked for, too
    const declared = declaredLength(request);
    if (declared !== undefined && declared > store.maxUploadBytes) throw tooLarge(declared, store.maxUploadBytes);
    bodyWanted();
    const upload = store.uploadPath(name, version);
    await receiveUpload(request, store.maxUploadBytes, upload);
    const result = await store.publishUpload(user, upload, { name, version });
    logger.info(`${user} published ${name}@${version} (${result.size} bytes)`);
    response.setHeader('Location', `/${result.path}`);
    sendJson(response, 201, result);
    return;
  }
  const body = await readJsonBody(request, bodyWanted);
  let entry;
  if (action === 'deprecate') {
    if (typeof body.message !== 'string') throw new RegistryError('deprecate needs {"message": "why, and what to use instead"} ("" lifts the deprecation)', 400);
    entry = await store.deprecateAs(user, name, version, body.message);
  } else if (action === 'yank') {
    entry = await store.yankAs(user, name, version);
  } else {
    entry = await store.unyankAs(user, name, version);
  }
  logger.info(`${user} ${action === 'deprecate' ? 'deprecated' : `${action}ed`} ${name}@${version}`);
  sendJson(response, 200, { name, version, ...entry });
}

async function handleSearch(store: RegistryStore, url: URL, response: ServerResponse): Promise<void> {
  const param = (key: string) => url.searchParams.get(key) || undefined;
  const query: SearchQuery = { text: param('q'), plugin: param('plugin'), fingerprint: param('fingerprint'), keyword: param('keyword'), kind: param('kind') as SearchQuery['kind'] };
  sendJson(response, 200, searchIndex(await store.readIndex(), query));
}

async function handle(store: RegistryStore, logger: Logger, request: IncomingMessage, response: ServerResponse, bodyWanted: BodyWanted): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://registry.invalid');
  const packRoute = PACK_ROUTE.exec(url.pathname);
  if (packRoute) return handlePackRoute(store, logger, request, response, packRoute, bodyWanted);
  if (url.pathname === '/api/v1/search') {
    if (request.method !== 'GET') throw new RegistryError('search is GET only', 405);
    return handleSearch(store, url, response);
  }
  if (url.pathname.startsWith('/api/')) throw new RegistryError(`${url.pathname}: no such API endpoint`, 404);
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.setHeader('Allow', 'GET, HEAD');
    throw new RegistryError(`${request.method} ${url.pathname}: the layout is read-only; writes go to /api/v1/packs/...`, 405);
  }
  if (!(await serveStatic(store.paths.publicDir, url.pathname, request, response))) throw new RegistryError(`${url.pathname}: not found`, 404);
}

export function createRegistryServer(options: RegistryServerOptions): { server: Server; store: RegistryStore } {
  const store = new RegistryStore(options.dir, options);
  const logger = options.logger ?? silentLogger;
  const respond = (request: IncomingMessage, response: ServerResponse, expectsContinue: boolean) => {
    let continued = false;
    const bodyWanted = () => {
      if (expectsContinue && !continued) response.writeContinue();
      continued = true;
    };
    handle(store, logger, request, response, bodyWanted).catch((error: unknown) => {
      const status = error instanceof RegistryError && error.status ? error.status : 500;
      if (status === 500) logger.warn(`${request.method} ${request.url}: ${(error as Error).stack ?? error}`);
      if (response.headersSent) {
        response.destroy();
        return;
      }
      // a refused upload is not read to its end: close the connection rather than drain it
      if (!request.complete) response.setHeader('Connection', 'close');
      sendJson(response, status, { error: status === 500 ? 'internal error (see the server log)' : (error as Error).message });
    });
  };
  const server = createServer((request, response) => respond(request, response, false));
  // with a listener here, Node leaves "100 Continue" to us: sent only when a handler wants the body
  server.on('checkContinue', (request: IncomingMessage, response: ServerResponse) => respond(request, response, true));
  // a 512 MiB upload on a slow link takes a while: allow half an hour per request
  server.requestTimeout = 30 * 60 * 1000;
  return { server, store };
}

export interface RunningRegistry {
  /** Base URL, ending in '/'. */
  url: string;
  server: Server;
  store: RegistryStore;
  close(): Promise<void>;
}

/** Creates the directory if needed and listens (port 0 picks a free port). */
export async function startRegistryServer(options: RegistryServerOptions & { port?: number; host?: string }): Promise<RunningRegistry> {
  const { server, store } = createRegistryServer(options);
  await store.init();
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${shownHost}:${address.port}/`,
    server,
    store,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeIdleConnections();
      }),
  };
}
