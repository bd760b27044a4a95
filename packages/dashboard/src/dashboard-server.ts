/**
 * `faceforge dashboard`: an HTTP server on 127.0.0.1 that serves the compiled front end, a JSON
 * API and one Server-Sent Events stream. Nothing is served without the access token (see
 * access-token.ts), nothing is read outside the served folders (served-folders.ts), a request for
 * another host name is refused (DNS rebinding), and a POST must be JSON (a cross-site form cannot
 * send that without a CORS preflight, which this server never grants).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { FaceforgeError, type Forge } from '@faceforge/core';
import { readState, restoreBackup, restoreSnapshot } from '@faceforge/core/train';
import type { PackStore } from '@faceforge/packs';
import { newAccessToken, tokenCookie, tokenProof } from './access-token.js';
import { EventHub } from './event-hub.js';
import { FolderWatcher } from './folder-watcher.js';
import { listFaceFolders, listFaceImages } from './face-folders.js';
import { deleteFaces, faceEntries, storedMaskPng } from './face-browser.js';
import { encoderFingerprint, registryOf, searchRegistry, storedPacks, type RegistryAccess } from './pack-browser.js';
import { listModelRefs, modelDetail, modelDir, modelId, modelSummary, parseModelRef, ROOT_MODEL, type ModelRef } from './model-catalog.js';
import { OutsideServedFoldersError, ServedFolders, type RootKind } from './served-folders.js';
import { trainForm, writeChangedConfig } from './config-form.js';
import { RunRefusedError, TrainingRuns, type TrainCommand } from './training-runs.js';
import { ConvertJobs, inputFrame, latestOutputFrame } from './convert-jobs.js';
import { listMediaInputs } from './media-inputs.js';

export interface DashboardOptions {
  forge: Forge;
  models: string[];
  faces: string[];
  /** Videos and image folders to convert (conversions are written under `converted/` there). */
  media?: string[];
  packStore: PackStore;
  /** 8686 by default; 0 picks a free port. */
  port?: number;
  token?: string;
  /** How to start `faceforge train`; without it the page can watch but not start training. */
  trainCommand?: TrainCommand;
  /** Where saved presets live (`faceforge preset save`). */
  presetsDir?: string;
  /** The registry the Packs page searches and pulls from. */
  registry?: RegistryAccess;
  /** Poll interval of the folder watcher (ms). */
  watchIntervalMs?: number;
}

export interface Dashboard {
  url: string;
  port: number;
  token: string;
  runs: TrainingRuns;
  hub: EventHub;
  folders: ServedFolders;
  modelIdOf(dir: string): string | undefined;
  close(): Promise<void>;
}

class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

const PACKAGE_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const STATIC_DIR = join(PACKAGE_ROOT, 'static');
const WEB_DIR = join(PACKAGE_ROOT, 'dist', 'web');
const EMA_MODULE = fileURLToPath(import.meta.resolve('@faceforge/core/monitor/ema'));

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.json': 'application/json', '.svg': 'image/svg+xml',
};
const BODY_LIMIT = 1 << 20;

/**
 * The page's Content-Security-Policy: its own scripts only, plus the one inline import map (by its
 * hash), which maps the bare module name of core's EMA to the address this server gives it.
 */
function contentSecurityPolicy(): string {
  const html = readFileSync(join(STATIC_DIR, 'index.html'), 'utf8');
  const inline = /<script type="importmap">([\s\S]*?)<\/script>/.exec(html)?.[1] ?? '';
  const hash = createHash('sha256').update(inline).digest('base64');
  return `default-src 'self'; img-src 'self' data: blob:; style-src 'self'; script-src 'self' 'sha256-${hash}'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'`;
}

function sendJson(response: ServerResponse, status: number, value: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  response.end(JSON.stringify(value));
}

/** Streams a file already checked to be inside a served folder. Only images and JSON keep their type. */
async function sendFile(response: ServerResponse, path: string, cache = 'no-cache'): Promise<void> {
  const info = await stat(path);
  const type = CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
  response.writeHead(200, {
    'content-type': type, 'content-length': info.size, 'cache-control': cache, 'x-content-type-options': 'nosniff',
    'last-modified': info.mtime.toUTCString(),
  });
  createReadStream(path).pipe(response);
}

async function readJson(request: IncomingMessage): Promise<Record<string, unknown>> {
  if (!(request.headers['content-type'] ?? '').startsWith('application/json')) throw new HttpError(415, 'send JSON (content-type: application/json)');
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > BODY_LIMIT) throw new HttpError(413, 'request body too large');
    chunks.push(chunk as Buffer);
  }
  try {
    const value = JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
    if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error('not an object');
    return value as Record<string, unknown>;
  } catch (error) {
    throw new HttpError(400, `the request body is not a JSON object (${(error as Error).message})`);
  }
}

const int = (value: unknown, name: string, min: number, max: number): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new HttpError(400, `${name} must be a whole number from ${min} to ${max}, got ${JSON.stringify(value)}`);
  return n;
};

export async function startDashboard(options: DashboardOptions): Promise<Dashboard> {
  const token = options.token ?? newAccessToken();
  const folders = new ServedFolders({ models: options.models, faces: options.faces, media: options.media, packs: options.packStore.root });
  const hub = new EventHub();
  const runs = new TrainingRuns(hub, options.trainCommand);
  const conversions = new ConvertJobs(hub, options.trainCommand);
  const watcher = new FolderWatcher(folders, hub, options.watchIntervalMs);
  const { forge } = options;
  let port = 0;
  const csp = contentSecurityPolicy();

  const modelRefOf = (parts: string[]): ModelRef => parseModelRef(decodeURIComponent(parts[0] ?? ''), decodeURIComponent(parts[1] ?? ''));

  /** A file of the front end: its own static folder, its compiled scripts, or core's EMA module. */
  async function serveAsset(path: string, response: ServerResponse): Promise<void> {
    if (path === '/static/lib/ema.js') return sendFile(response, EMA_MODULE);
    const [base, rest] = path.startsWith('/static/js/') ? [WEB_DIR, path.slice('/static/js/'.length)] : [STATIC_DIR, path.slice('/static/'.length)];
    if (!/^[a-z0-9-]+(\/[a-z0-9-]+)*\.(js|css|html|png|svg)$/.test(rest)) throw new HttpError(404, 'no such file');
    const file = resolve(base, rest);
    const real = await realpath(file).catch(() => {
      throw new HttpError(404, 'no such file');
    });
    if (!real.startsWith((await realpath(base)) + sep)) throw new HttpError(404, 'no such file');
    return sendFile(response, real);
  }

  async function api(method: string, parts: string[], url: URL, request: IncomingMessage, response: ServerResponse): Promise<void> {
    const [head, ...rest] = parts;
    if (method === 'GET' && head === 'events') return hub.attach(response);
    if (method === 'GET' && head === 'info') {
      return sendJson(response, 200, {
        models: folders.roots.models, faces: folders.roots.faces, media: folders.roots.media, packs: folders.roots.packs, canTrain: options.trainCommand !== undefined,
        trainers: forge.models.names(),
      });
    }
    if (method === 'GET' && head === 'models' && rest.length === 0) {
      const refs = await listModelRefs(folders);
      return sendJson(response, 200, await Promise.all(refs.map((ref) => modelSummary(folders, ref))));
    }
    if (head === 'models' && rest.length >= 2) {
      const ref = modelRefOf(rest);
      const dir = modelDir(folders, ref);
      const action = rest[2];
      if (method === 'GET' && action === undefined) {
        return sendJson(response, 200, { ...(await modelDetail(folders, ref)), run: runs.get(dir) });
      }
      if (method === 'GET' && action === 'files') {
        const relative = rest.slice(3).map(decodeURIComponent).join('/');
        return sendFile(response, await folders.readableFile('models', ref.root, [ref.name === ROOT_MODEL ? '' : ref.name, relative].filter(Boolean).join('/')));
      }
      if (method === 'GET' && action === 'fingerprint') return sendJson(response, 200, { encoder: (await encoderFingerprint(dir)) ?? null });
      if (method === 'POST' && action === 'save') {
        if (!runs.save(dir)) throw new HttpError(409, `${modelId(ref)} is not training from this dashboard`);
        return sendJson(response, 202, { saving: true });
      }
      if (method === 'POST' && action === 'stop') {
        if (!runs.stop(dir)) throw new HttpError(409, `${modelId(ref)} is not training from this dashboard`);
        return sendJson(response, 202, { stopping: true });
      }
      if (method === 'POST' && action === 'restore') {
        const body = await readJson(request);
        const to = typeof body.to === 'string' && body.to ? body.to : undefined;
        const snapshot = typeof body.snapshot === 'string' && body.snapshot ? body.snapshot : undefined;
        const result = snapshot ? await restoreSnapshot(dir, snapshot) : await restoreBackup(dir, undefined, to);
        hub.publish({ type: 'model', model: modelId(ref) });
        return sendJson(response, 200, result);
      }
      if (method === 'POST' && action === 'config') {
        const body = await readJson(request);
        const state = await readState(dir);
        const trainer = state?.model ?? String(body.trainer ?? '');
        const file = await writeChangedConfig(forge, trainer, dir, state, (body.changed ?? {}) as never);
        return sendJson(response, 200, { file: file ?? null });
      }
    }
    if (method === 'GET' && head === 'form') {
      const model = url.searchParams.get('model');
      let dir: string | undefined;
      let state;
      if (model) {
        const ref = modelRefOf(model.split('/'));
        dir = modelDir(folders, ref);
        state = await readState(dir).catch(() => undefined);
      }
      const trainer = state?.model ?? url.searchParams.get('trainer') ?? 'original';
      if (!forge.models.has(trainer)) throw new HttpError(400, `no model plugin '${trainer}' (installed: ${forge.models.names().join(', ')})`);
      return sendJson(response, 200, await trainForm(forge, trainer, dir, state, options.presetsDir));
    }
    if (method === 'GET' && head === 'faces' && rest.length === 0) return sendJson(response, 200, await listFaceFolders(folders));
    if (method === 'GET' && head === 'faces' && rest[0] === 'images') {
      const root = int(url.searchParams.get('root'), 'root', 0, 1000);
      return sendJson(response, 200, await listFaceImages(folders, root, url.searchParams.get('path') ?? ''));
    }
    if (head === 'faces' && (rest[0] === 'folder' || rest[0] === 'mask' || rest[0] === 'delete')) {
      const body = method === 'POST' ? await readJson(request) : {};
      const param = (name: string) => (method === 'POST' ? body[name] : url.searchParams.get(name));
      const root = int(param('root'), 'root', 0, 1000);
      const path = String(param('path') ?? '');
      if (method === 'GET' && rest[0] === 'folder') return sendJson(response, 200, await faceEntries(forge, folders, root, path));
      if (method === 'GET' && rest[0] === 'mask') {
        const png = await storedMaskPng(folders, root, path, String(param('file') ?? ''), String(param('mask') ?? ''));
        response.writeHead(200, { 'content-type': 'image/png', 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff' });
        return void response.end(png);
      }
      if (method === 'POST' && rest[0] === 'delete') {
        const files = Array.isArray(body.files) ? body.files.map(String) : [];
        if (files.length === 0) throw new HttpError(400, 'name the face files to delete');
        return sendJson(response, 200, await deleteFaces(folders, root, path, files));
      }
    }
    if (method === 'GET' && head === 'files') {
      const kind = rest[0] as RootKind;
      if (kind !== 'faces' && kind !== 'packs' && kind !== 'models' && kind !== 'media') throw new HttpError(404, 'no such folder kind');
      const root = int(rest[1], 'root', 0, 1000);
      return sendFile(response, await folders.readableFile(kind, root, rest.slice(2).map(decodeURIComponent).join('/')));
    }
    if (method === 'GET' && head === 'packs') return sendJson(response, 200, await storedPacks(options.packStore));
    if (head === 'registry') {
      const access = options.registry ?? {};
      if (method === 'GET' && rest[0] === 'search') {
        return sendJson(response, 200, await searchRegistry(access, url.searchParams.get('q') ?? '', url.searchParams.get('fingerprint') ?? undefined));
      }
      if (method === 'GET' && rest[0] === 'versions') {
        const registry = registryOf(access);
        if (!registry) throw new HttpError(400, 'no registry: start the dashboard with --registry URL');
        return sendJson(response, 200, await registry.versions(url.searchParams.get('name') ?? ''));
      }
      if (method === 'POST' && rest[0] === 'pull') {
        const body = await readJson(request);
        if (!access.pull) throw new HttpError(400, 'this dashboard cannot pull packs');
        const kind = body.kind === 'decoder' ? 'decoder' : 'encoder';
        return sendJson(response, 200, await access.pull(kind, String(body.spec ?? '')));
      }
    }
    if (method === 'POST' && head === 'train') return startTraining(await readJson(request), response);
    if (method === 'GET' && head === 'media') return sendJson(response, 200, await listMediaInputs(folders));
    if (head === 'convert') return convertApi(method, rest, url, request, response);
    throw new HttpError(404, `no API ${method} /api/${parts.join('/')}`);
  }

  /** Convert jobs: list, start (a model on a media input), stop, and the before/after frames. */
  async function convertApi(method: string, rest: string[], url: URL, request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (method === 'GET' && rest.length === 0) return sendJson(response, 200, conversions.list());
    if (method === 'POST' && rest.length === 0) {
      const body = await readJson(request);
      const ref = modelRefOf(String(body.model ?? '').split('/'));
      const dir = modelDir(folders, ref);
      if (!(await readState(dir))) throw new HttpError(400, `${modelId(ref)} holds no trained model`);
      const input = (body.input ?? {}) as { root?: unknown; path?: unknown };
      const root = int(input.root, 'media root', 0, 1000);
      const inputPath = await folders.readable('media', root, String(input.path ?? ''));
      const stem = basename(inputPath).replace(/\.[^.]+$/, '');
      const outputRelative = `converted/${stem}__${ref.name === ROOT_MODEL ? basename(dir) : ref.name}`;
      const job = conversions.start({ model: modelId(ref), modelDir: dir, input: inputPath, inputPath: String(input.path ?? ''), outputDir: folders.lexical('media', root, outputRelative), outputRelative, mediaRoot: root });
      return sendJson(response, 202, job);
    }
    const job = conversions.get(int(rest[0], 'job', 1, 1_000_000));
    if (!job) throw new HttpError(404, `no convert job ${rest[0]}`);
    if (method === 'POST' && rest[1] === 'stop') return sendJson(response, 200, { stopping: conversions.stop(job.id) });
    const outputDir = folders.lexical('media', job.mediaRoot, job.output);
    if (method === 'GET' && rest[1] === 'frames') return sendJson(response, 200, { latest: (await latestOutputFrame(outputDir)) ?? null });
    if (method === 'GET' && rest[1] === 'before') {
      const name = url.searchParams.get('name') ?? '';
      if (!/^[^/\\\0]+$/.test(name)) throw new HttpError(400, 'name an output frame');
      const input = await folders.readable('media', job.mediaRoot, job.inputPath);
      const frame = await inputFrame(input, name);
      if ('file' in frame) return sendFile(response, frame.file);
      response.writeHead(200, { 'content-type': 'image/png', 'cache-control': 'no-cache' });
      return void response.end(frame.png);
    }
    throw new HttpError(404, 'no such convert API');
  }

  /** Starts `faceforge train` for a new or existing model from the form's values. */
  async function startTraining(body: Record<string, unknown>, response: ServerResponse): Promise<void> {
    const ref = parseModelRef(String(body.root ?? ''), String(body.name ?? ''));
    const dir = modelDir(folders, ref);
    const state = await readState(dir).catch(() => undefined);
    const trainer = state?.model ?? String(body.trainer ?? 'original');
    if (!forge.models.has(trainer)) throw new HttpError(400, `no model plugin '${trainer}' (installed: ${forge.models.names().join(', ')})`);
    const face = (value: unknown, side: string) => {
      const v = (value ?? {}) as { root?: unknown; path?: unknown };
      return folders.readable('faces', int(v.root, `input ${side} root`, 0, 1000), String(v.path ?? ''));
    };
    const [inputA, inputB] = [await face(body.inputA, 'A'), await face(body.inputB, 'B')];
    const configFile = await writeChangedConfig(forge, trainer, dir, state, (body.changed ?? {}) as never);
    const encoder = typeof body.encoder === 'string' && body.encoder ? body.encoder : undefined;
    if (encoder && !/^[a-z0-9@^~.<>=*|\s_-]+$/i.test(encoder)) throw new HttpError(400, `encoder pack ${JSON.stringify(encoder)}: give NAME@RANGE`);
    const run = runs.start(modelId(ref), {
      modelDir: dir, inputA, inputB, trainer: state ? undefined : trainer, configFile, encoder: state ? undefined : encoder,
      batchSize: int(body.batchSize, 'batch size', 1, 256), iterations: int(body.iterations, 'iterations', 1, 100_000_000),
      saveInterval: int(body.saveInterval, 'save interval', 1, 100_000_000),
    });
    hub.publish({ type: 'models' });
    sendJson(response, 202, { model: modelId(ref), run });
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const host = request.headers.host ?? '';
    if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) throw new HttpError(403, `refused host ${JSON.stringify(host)}`);
    const url = new URL(request.url ?? '/', `http://${host}`);
    const proof = tokenProof(request, url, token, port);
    if (!proof) throw new HttpError(401, 'this dashboard needs its access token: open the address `faceforge dashboard` printed');
    const path = url.pathname;
    if (proof === 'query' && request.method === 'GET' && path === '/') {
      // Trade the token in the address for a cookie, and take it out of the address bar and history.
      response.writeHead(303, { location: '/', 'set-cookie': tokenCookie(token, port), 'cache-control': 'no-store' });
      return void response.end();
    }
    const method = request.method ?? 'GET';
    if (method === 'GET' && (path === '/' || path === '/index.html')) {
      response.setHeader('content-security-policy', csp);
      return sendFile(response, join(STATIC_DIR, 'index.html'));
    }
    if (method === 'GET' && path.startsWith('/static/')) return serveAsset(path, response);
    if (path.startsWith('/api/')) return api(method, path.slice(5).split('/').filter(Boolean), url, request, response);
    throw new HttpError(404, `no page ${path}`);
  }

  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      const status = error instanceof HttpError ? error.status
        : error instanceof RunRefusedError ? 409
        : error instanceof URIError ? 400
        : error instanceof OutsideServedFoldersError ? (/not found/.test((error as Error).message) ? 404 : 403)
          : error instanceof FaceforgeError ? 400 : 500;
      if (response.headersSent) return void response.destroy();
      sendJson(response, status, { error: (error as Error).message });
    });
  });
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 8686, '127.0.0.1', () => done());
  });
  port = (server.address() as AddressInfo).port;
  watcher.start();
  const roots = folders.roots.models;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`, port, token, runs, hub, folders,
    modelIdOf(dir: string) {
      const full = resolve(dir);
      for (const [root, base] of roots.entries()) {
        if (full === base) return modelId({ root, name: ROOT_MODEL });
        if (dirname(full) === base) return modelId({ root, name: full.slice(base.length + 1) });
      }
      return undefined;
    },
    async close() {
      conversions.stopAll();
      await runs.stopAll();
      watcher.stop();
      hub.close();
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}
