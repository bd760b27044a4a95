/**
 * The marketplace end to end on loopback: a registry server, the client over HTTP, the same layout
 * read from a folder and from a plain static file server, and the CLI's serve/token/search.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, relative, resolve, sep } from 'node:path';
import { once } from 'node:events';
import { PackError, RegistryError, openRegistry, packApiPath, type PackRegistry } from '@faceforge/packs';
import { startRegistryServer, type RunningRegistry } from '@faceforge/registry';
import { makeTestPack, rawTarGz } from '@faceforge/registry/testing';
import { TEST_ROOT, recordingLogger, tempDir } from './support.js';

const MAX_UPLOAD = 64 * 1024;
let registry: RunningRegistry;
let dir: string;
let alice: string;
let bob: string;

before(async () => {
  dir = await tempDir('ff-registry-');
  registry = await startRegistryServer({ dir, port: 0, maxUploadBytes: MAX_UPLOAD });
  alice = await registry.store.addToken('alice');
  bob = await registry.store.addToken('bob');
});

after(async () => {
  await registry.close();
});

/** Every file under the registry directory with its size: what "left as it was" is checked against. */
async function listing(root = dir): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  const files = entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
  return Promise.all(files.map(async (f) => `${relative(root, f)} ${(await stat(f)).size}`)).then((l) => l.sort());
}

function rejectsWith(status: number, message: RegExp) {
  return (error: unknown) => {
    assert.ok(error instanceof RegistryError, `expected a RegistryError, got ${error}`);
    assert.equal(error.status, status, error.message);
    assert.match(error.message, message);
    return true;
  };
}

async function put(name: string, version: string, body: Buffer, token: string): Promise<{ status: number; body: { error?: string } }> {
  const response = await fetch(new URL(packApiPath(name, version), registry.url), { method: 'PUT', body, headers: { authorization: `Bearer ${token}` } });
  return { status: response.status, body: (await response.json()) as { error?: string } };
}

test('publish, find in the index, resolve and download with integrity', async () => {
  const client = openRegistry(registry.url);
  const pack = makeTestPack({ name: 'seasoned', version: '1.0.0', description: 'an encoder seasoned on two people', keywords: ['seasoned'] });
  const published = await client.publish(pack.archive, alice);
  assert.equal(published.sha512, pack.sha512);
  assert.equal(published.path, 'packs/seasoned/seasoned-1.0.0.tar.gz');

  const index = await client.index();
  assert.equal(index.apiVersion, 1);
  const entry = index.packs.seasoned!.versions['1.0.0']!;
  assert.equal(entry.sha512, pack.sha512);
  assert.equal(entry.size, pack.archive.length);
  assert.equal(entry.fingerprint, pack.manifest.fingerprint);
  assert.ok(!Number.isNaN(Date.parse(entry.published)));

  await client.publish(makeTestPack({ name: 'seasoned', version: '1.1.0', seed: 1, description: 'an encoder seasoned on two people', keywords: ['seasoned'] }).archive, alice);
  const resolved = await client.resolve('seasoned', '^1.0.0');
  assert.equal(resolved.version, '1.1.0');
  assert.deepEqual(await client.download('seasoned', '1.0.0'), pack.archive);
  assert.deepEqual((await client.versions('seasoned')).map((v) => v.version), ['1.1.0', '1.0.0']);
  const found = await client.search({ text: 'seasoned two' });
  assert.deepEqual(found.packs.map((p) => `${p.name}@${p.latest}`), ['seasoned@1.1.0']);
});

test('wrong token 401, another owner 403, republish 409; the directory is left as it was', async () => {
  const client = openRegistry(registry.url);
  await client.publish(makeTestPack({ name: 'alices', version: '1.0.0' }).archive, alice);
  const before = await listing();
  await assert.rejects(client.publish(makeTestPack({ name: 'alices', version: '1.0.1' }).archive, 'ff_not-a-token'), rejectsWith(401, /PUT http:\/\/127\.0\.0\.1:\d+\/api\/v1\/packs\/alices\/1\.0\.1: 401 Unauthorized: a valid token is required/));
  await assert.rejects(client.publish(makeTestPack({ name: 'alices', version: '1.0.1' }).archive, bob), rejectsWith(403, /bob may not change alices: it belongs to alice/));
  await assert.rejects(client.publish(makeTestPack({ name: 'alices', version: '1.0.0', seed: 5 }).archive, alice), rejectsWith(409, /alices@1\.0\.0 is already published/));
  await assert.rejects(client.yank('alices', '1.0.0', bob), rejectsWith(403, /bob may not change alices/));
  await assert.rejects(client.deprecate('alices', '1.0.0', 'no', 'ff_nope'), rejectsWith(401, /token/));
  assert.deepEqual(await listing(), before);
});

test('two concurrent publishes of one version: exactly one 201 and one 409', async () => {
  for (let round = 0; round < 5; round++) {
    const version = `3.0.${round}`;
    const first = makeTestPack({ name: 'race', version, seed: 2 * round });
    const second = makeTestPack({ name: 'race', version, seed: 2 * round + 1 });
    const results = await Promise.all([put('race', version, first.archive, alice), put('race', version, second.archive, alice)]);
    assert.deepEqual(results.map((r) => r.status).sort(), [201, 409], JSON.stringify(results));
    const winner = results[0]!.status === 201 ? first : second;
    const loser = results.find((r) => r.status === 409)!;
    assert.match(loser.body.error!, new RegExp(`race@${version.replace(/\./g, '\\.')} is already published`));
    // the index and the file on disk are the winner's
    assert.equal((await openRegistry(registry.url).index()).packs.race!.versions[version]!.sha512, winner.sha512);
    assert.deepEqual(await readFile(join(dir, 'public', 'packs', 'race', `race-${version}.tar.gz`)), winner.archive);
  }
  const uploads = await readdir(join(dir, 'private', 'uploads'));
  assert.deepEqual(uploads, [], 'no upload temp files left');
});

test('yank and deprecate show in the index and in resolve', async () => {
  const logger = recordingLogger();
  const client = openRegistry(registry.url, { logger });
  for (const version of ['1.0.0', '1.1.0', '1.2.0']) await client.publish(makeTestPack({ name: 'lifecycle', version, seed: Number(version[2]) }).archive, alice);
  await client.yank('lifecycle', '1.2.0', alice);
  await client.deprecate('lifecycle', '1.1.0', 'trained on blurry faces: use 1.0.0', alice);

  const versions = (await client.index()).packs.lifecycle!.versions;
  assert.equal(versions['1.2.0']!.yanked, true);
  assert.equal(versions['1.1.0']!.deprecated, 'trained on blurry faces: use 1.0.0');
  assert.equal((await client.resolve('lifecycle', '^1.0.0')).version, '1.1.0');
  assert.match(logger.warnings.join('\n'), /lifecycle@1\.1\.0 is deprecated: trained on blurry faces/);
  assert.equal((await client.resolve('lifecycle', '1.2.0')).version, '1.2.0', 'exact pins still reach a yanked version');
  assert.match(logger.warnings.join('\n'), /lifecycle@1\.2\.0 is yanked/);
  assert.equal((await client.download('lifecycle', '1.2.0')).length > 0, true, 'the yanked archive stays');
  assert.equal((await client.search({ text: 'lifecycle' })).packs[0]!.latest, '1.1.0');

  await client.deprecate('lifecycle', '1.1.0', '', alice);
  assert.equal((await client.index()).packs.lifecycle!.versions['1.1.0']!.deprecated, undefined);
  await assert.rejects(client.publish(makeTestPack({ name: 'lifecycle', version: '1.2.0', seed: 42 }).archive, alice), rejectsWith(409, /already published \(yanked\)/));
});

test('tampered, traversal, mismatched and oversized uploads are refused with clear messages and leave nothing', async () => {
  const client = openRegistry(registry.url);
  const before = await listing();
  const good = makeTestPack({ name: 'evil', version: '1.0.0' });
  const manifest = `${JSON.stringify(good.manifest, null, 2)}\n`;
  const weightsFile = `${good.manifest.model.part}.weights`;
  const readme = good.manifest.files.find((f) => f.path === 'README.md')!;

  // weights changed after the manifest recorded their sha256
  const weights = Buffer.alloc(good.manifest.files.find((f) => f.path === weightsFile)!.size, 7);
  const tampered = rawTarGz([{ path: 'manifest.json', data: manifest }, { path: 'README.md', data: Buffer.alloc(readme.size) }, { path: weightsFile, data: weights }]);
  const tamperedMessage = /has sha256 [0-9a-f]{64}, manifest\.json says [0-9a-f]{64}: the pack is corrupt or was tampered with/;
  // the client checks before sending; the server checks again, trusting no client
  await assert.rejects(client.publish(tampered, alice), (e: Error) => e instanceof PackError && tamperedMessage.test(e.message));
  let response = await put('evil', '1.0.0', tampered, alice);
  assert.equal(response.status, 400);
  assert.match(response.body.error!, tamperedMessage);

  const traversal = rawTarGz([{ path: 'manifest.json', data: manifest }, { path: '../../public/index.json', data: '{}' }]);
  response = await put('evil', '1.0.0', traversal, alice);
  assert.equal(response.status, 400);
  assert.match(response.body.error!, /entry '\.\.\/\.\.\/public\/index\.json' has a path that climbs out of the pack/);

  response = await put('other-name', '1.0.0', good.archive, alice);
  assert.equal(response.status, 400);
  assert.match(response.body.error!, /the URL says other-name@1\.0\.0 but the archive's manifest\.json says evil@1\.0\.0/);

  const big = makeTestPack({ name: 'evil', version: '1.0.0', width: 1024 });
  assert.ok(big.archive.length > MAX_UPLOAD);
  await assert.rejects(client.publish(big.archive, alice), rejectsWith(413, new RegExp(`the archive is ${big.archive.length} bytes, over this registry's limit of ${MAX_UPLOAD} bytes`)));
  // a streamed upload that never says its length is cut off at the limit
  const streamed = await fetch(new URL(packApiPath('evil', '1.0.0'), registry.url), {
    method: 'PUT', duplex: 'half', headers: { authorization: `Bearer ${alice}` },
    body: new ReadableStream({ start(controller) { for (let i = 0; i < 8; i++) controller.enqueue(big.archive.subarray(0, 32 * 1024)); controller.close(); } }),
  } as RequestInit);
  assert.equal(streamed.status, 413);
  assert.match(((await streamed.json()) as { error: string }).error, /larger than this registry's limit/);

  assert.deepEqual(await listing(), before);
  assert.equal((await client.index()).packs.evil, undefined);
});

test('a download whose bytes no longer match the index is refused, naming the URL', async () => {
  const client = openRegistry(registry.url);
  const pack = makeTestPack({ name: 'altered', version: '1.0.0' });
  await client.publish(pack.archive, alice);
  const file = join(dir, 'public', 'packs', 'altered', 'altered-1.0.0.tar.gz');
  const altered = Buffer.from(pack.archive);
  altered[altered.length - 10]! ^= 0xff;
  await writeFile(file, altered);
  await assert.rejects(client.download('altered', '1.0.0'), (e: unknown) => e instanceof RegistryError
    && e.message.includes(`${registry.url}packs/altered/altered-1.0.0.tar.gz: integrity check failed: the index says ${pack.sha512}`));
  await writeFile(file, altered.subarray(0, 100));
  await assert.rejects(client.download('altered', '1.0.0'), /altered-1\.0\.0\.tar\.gz: 100 bytes, but the index says \d+: a truncated or replaced archive/);
  await writeFile(file, pack.archive);
});

test('static files: Content-Length, ETag and 304; private state and hidden files are never served', async () => {
  const url = new URL('index.json', registry.url);
  const first = await fetch(url);
  const body = await first.text();
  assert.equal(first.headers.get('content-length'), String(Buffer.byteLength(body)));
  const etag = first.headers.get('etag')!;
  assert.ok(etag);
  assert.equal((await fetch(url, { headers: { 'if-none-match': etag } })).status, 304);
  const archive = await fetch(new URL('packs/seasoned/seasoned-1.0.0.tar.gz', registry.url), { method: 'HEAD' });
  assert.equal(archive.status, 200);
  assert.equal(archive.headers.get('content-type'), 'application/gzip');
  assert.match(archive.headers.get('cache-control')!, /immutable/);
  for (const path of ['private/tokens.json', '../private/tokens.json', '%2e%2e/private/tokens.json', 'packs/', '.index.json.tmp-1-1']) {
    assert.equal((await fetch(`${registry.url}${path}`)).status, 404, path);
  }
  assert.equal((await fetch(url, { method: 'DELETE' })).status, 405);
});

test('the search endpoint answers like the client', async () => {
  await registry.store.addPlugin('faceforge-plugin-seasoning', { kind: 'model', name: 'seasoning', description: 'seasoned things', keywords: [] });
  const response = await fetch(new URL('api/v1/search?q=seasoned', registry.url));
  const fromServer = await response.json();
  assert.deepEqual(fromServer, await openRegistry(registry.url).search({ text: 'seasoned' }));
  assert.deepEqual((fromServer as { plugins: Array<{ npmName: string }> }).plugins.map((p) => p.npmName), ['faceforge-plugin-seasoning']);
  const byFingerprint = await (await fetch(new URL(`api/v1/search?fingerprint=${encodeURIComponent(makeTestPack({ name: 'x', version: '1.0.0' }).manifest.fingerprint)}`, registry.url))).json();
  assert.ok((byFingerprint as { packs: unknown[]; plugins: unknown[] }).packs.length > 0);
  assert.deepEqual((byFingerprint as { plugins: unknown[] }).plugins, []);
});

/** A static host that knows nothing about registries: files under `root`, GET only. */
async function plainStaticServer(root: string): Promise<{ url: string; server: Server }> {
  const server = createServer((request, response) => {
    const path = resolve(root, `.${decodeURIComponent(new URL(request.url!, 'http://x').pathname)}`);
    if (request.method !== 'GET' || !path.startsWith(root + sep)) return void response.writeHead(405).end();
    const stream = createReadStream(path);
    stream.on('error', () => response.writeHead(404).end());
    stream.on('open', () => stream.pipe(response));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, server };
}

test('the layout read from a folder and from a plain static host gives the same answers as the server', async () => {
  const { url, server } = await plainStaticServer(join(dir, 'public'));
  try {
    const clients: PackRegistry[] = [openRegistry(registry.url), openRegistry(dir), openRegistry(join(dir, 'public')), openRegistry(url)];
    const answers = await Promise.all(clients.map(async (client) => ({
      index: await client.index(),
      search: await client.search({ keyword: 'seasoned' }),
      resolved: await client.resolve('seasoned', '^1'),
      download: await client.download('seasoned', '1.0.0'),
    })));
    for (const answer of answers.slice(1)) assert.deepEqual(answer, answers[0]);
    assert.equal(clients[1]!.location, join(dir, 'public'));

    // read-only: the static host has no API, a folder has no writer
    await assert.rejects(openRegistry(url).publish(makeTestPack({ name: 'ro', version: '1.0.0' }).archive, alice), rejectsWith(405, /PUT http:\/\/127\.0\.0\.1:\d+\/api\/v1\/packs\/ro\/1\.0\.0: 405/));
    await assert.rejects(openRegistry(dir).yank('seasoned', '1.0.0', alice), /a registry folder is read-only here/);
    await assert.rejects(openRegistry(join(dir, 'nowhere')).index(), rejectsWith(404, /nowhere\/index\.json: not found \(is this a faceforge registry folder\?\)/));
  } finally {
    server.close();
  }
});

test('openRegistry: FACEFORGE_REGISTRY is the default; no registry, or one that is down, is a clear error', async () => {
  const saved = process.env.FACEFORGE_REGISTRY;
  try {
    process.env.FACEFORGE_REGISTRY = registry.url;
    assert.equal(openRegistry().location, registry.url);
    delete process.env.FACEFORGE_REGISTRY;
    assert.throws(() => openRegistry(), /no registry given: pass a URL or folder \(--registry\) or set FACEFORGE_REGISTRY/);
  } finally {
    if (saved === undefined) delete process.env.FACEFORGE_REGISTRY;
    else process.env.FACEFORGE_REGISTRY = saved;
  }
  const closed = createServer().listen(0, '127.0.0.1');
  await once(closed, 'listening');
  const port = (closed.address() as AddressInfo).port;
  await new Promise((done) => closed.close(done));
  await assert.rejects(openRegistry(`http://127.0.0.1:${port}/`).index(), new RegExp(`http://127\\.0\\.0\\.1:${port}/index\\.json: could not reach the registry \\(ECONNREFUSED\\)`));
});

const BIN = join(TEST_ROOT, '..', 'packages', 'cli', 'bin', 'run.js');

function runCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, CI: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code: code ?? -1, stdout, stderr }));
  });
}

test('CLI: registry token add, registry serve (stops on SIGTERM), registry plugin add, search', async () => {
  const cliDir = await tempDir('ff-registry-cli-');
  const token = await runCli(['registry', 'token', 'add', '--dir', cliDir, '--user', 'carol']);
  assert.equal(token.code, 0, token.stderr);
  const secret = token.stdout.trim();
  assert.match(secret, /^ff_\S{43}$/);
  assert.ok(!(await readFile(join(cliDir, 'private', 'tokens.json'), 'utf8')).includes(secret));

  const plugin = await runCli(['registry', 'plugin', 'add', '--dir', cliDir, join(TEST_ROOT, 'fixtures', 'plugin-tiny')]);
  assert.equal(plugin.code, 0, plugin.stderr);

  const server = spawn(process.execPath, [BIN, 'registry', 'serve', '--dir', cliDir, '--port', '0'], { env: { ...process.env, CI: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  server.stdout.on('data', (c) => (output += c));
  const url = await new Promise<string>((resolveUrl, reject) => {
    server.stdout.on('data', () => {
      const match = /faceforge registry at (http:\/\/\S+)/.exec(output);
      if (match) resolveUrl(match[1]!);
    });
    server.on('close', (code) => reject(new Error(`serve exited with ${code}: ${output}`)));
  });
  try {
    await openRegistry(url).publish(makeTestPack({ name: 'carols-encoder', version: '0.1.0', description: 'carol seasoned' }).archive, secret);
    const search = await runCli(['search', 'carol', '--registry', url]);
    assert.equal(search.code, 0, search.stderr);
    assert.match(search.stdout, /^encoder\s+carols-encoder@0\.1\.0\s+tiny\s+sha256:\S+\s+carol seasoned$/m);
    const plugins = await runCli(['search', '--kind', 'model', '--registry', cliDir]);
    assert.match(plugins.stdout, /plugin:model\s+faceforge-plugin-tiny\s+tiny/);
  } finally {
    const closed = once(server, 'close');
    server.kill('SIGTERM');
    const [code] = await closed;
    assert.equal(code, 0, output);
  }
  assert.match(output, /SIGTERM: finishing open requests and stopping/);
  const missing = await runCli(['search', 'x', '--registry', join(cliDir, 'missing')]);
  assert.notEqual(missing.code, 0);
  assert.match(missing.stderr, /missing\/index\.json: not found/);
});
