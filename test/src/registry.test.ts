/**
 * The marketplace end to end on loopback: a registry server, the client over HTTP, the same layout
 * read from a folder and from a plain static file server, and the CLI's serve/token/search.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { createServer, request as httpRequest, type Server } from 'node:http';
import { createServer as createTcpServer, connect, type AddressInfo } from 'node:net';
import { join, relative, resolve, sep } from 'node:path';
import { once } from 'node:events';
import { gzipSync } from 'node:zlib';
import { PackError, RegistryError, openRegistry, packApiPath, type PackRegistry } from '@faceforge/packs';
import { RegistryStore, startRegistryServer, type RunningRegistry } from '@faceforge/registry';
import { gzipBomb, makeTestPack, rawTarGz } from '@faceforge/registry/testing';
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

const GIB = 1024 ** 3;
const MIB = 1024 ** 2;

/** PUT over plain node:http, so the test sees exactly when the answer comes. */
function rawPut(url: URL, body: Buffer, token: string): Promise<{ status: number; text: string }> {
  return new Promise((resolvePut, reject) => {
    const request = httpRequest(url, { method: 'PUT', headers: { authorization: `Bearer ${token}`, 'content-length': String(body.length) } }, (response) => {
      let text = '';
      response.on('data', (c) => (text += c));
      response.on('end', () => resolvePut({ status: response.statusCode!, text }));
    });
    request.on('error', reject);
    request.end(body);
  });
}

test('a gzip bomb is refused from its header: 3 GiB in a 3 MB upload, refused with 400, nothing kept', async () => {
  const bombDir = await tempDir('ff-registry-bomb-');
  const server = await startRegistryServer({ dir: bombDir, port: 0, maxUploadBytes: 8 * MIB });
  try {
    const token = await server.store.addToken('mallory');
    const bomb = gzipBomb([{ path: 'encoder.weights', size: 3 * GIB }]);
    assert.ok(bomb.length < 4 * MIB, `${bomb.length} bytes`);
    const before = await listing(bombDir);
    const answer = await rawPut(new URL(packApiPath('bomb', '1.0.0'), server.url), bomb, token);
    assert.equal(answer.status, 400, answer.text);
    assert.match(answer.text, /rejected: upload of bomb@1\.0\.0: entry 'encoder\.weights' is 3221225472 bytes, over the limit of 1073741824: refused/);
    assert.deepEqual(await listing(bombDir), before);
  } finally {
    await server.close();
  }
});

test('while a gzip bomb is being checked, a GET /index.json is answered before the check finishes', async () => {
  const bombDir = await tempDir('ff-registry-bomb-');
  // uploads up to 32 MiB may unpack to 4 times that: the check reads 128 MiB of zeros before it refuses
  const server = await startRegistryServer({ dir: bombDir, port: 0, maxUploadBytes: 32 * MIB });
  try {
    const token = await server.store.addToken('mallory');
    const bomb = gzipBomb(Array.from({ length: 8 }, (_, i) => ({ path: `part-${i}.weights`, size: 32 * MIB })));
    const order: string[] = [];
    const put = rawPut(new URL(packApiPath('bomb', '1.0.0'), server.url), bomb, token).then((answer) => {
      order.push('publish answered');
      return answer;
    });
    // the check starts once the whole upload is on disk: wait for that, then ask for the index
    const uploads = join(bombDir, 'private', 'uploads');
    for (;;) {
      const sizes = await readdir(uploads).then((names) => Promise.all(names.map((n) => stat(join(uploads, n)).then((s) => s.size, () => 0))), () => [] as number[]);
      if (sizes.includes(bomb.length) || order.length > 0) break;
      await new Promise((r) => setTimeout(r, 1));
    }
    const index = await fetch(new URL('index.json', server.url));
    assert.equal(index.status, 200);
    order.push('index answered');
    const answer = await put;
    assert.deepEqual(order, ['index answered', 'publish answered']);
    assert.equal(answer.status, 400);
    assert.match(answer.text, /the archive unpacks to more than 134217728 bytes, the limit: refused/);
    assert.deepEqual(await readdir(uploads), [], 'the upload is removed');
  } finally {
    await server.close();
  }
});

test('an archive with a second gzip member after the tar is refused by client and server, and not stored', async () => {
  const client = openRegistry(registry.url);
  const pack = makeTestPack({ name: 'two-members', version: '1.0.0' });
  const before = await listing();
  const withMember = Buffer.concat([pack.archive, gzipSync(Buffer.from('hidden'))]);
  const refusal = /\d+ bytes follow the gzip data \(a second gzip member or trailing bytes\): a pack archive is one gzip member; refused/;
  await assert.rejects(client.publish(withMember, alice), refusal);
  const response = await put('two-members', '1.0.0', withMember, alice);
  assert.equal(response.status, 400);
  assert.match(response.body.error!, refusal);
  assert.deepEqual(await listing(), before);
});

/** A TCP relay in front of `target` that counts the bytes clients send through it. */
async function countingRelay(target: string): Promise<{ url: string; sent: () => number; close: () => void }> {
  const { hostname, port } = new URL(target);
  let sent = 0;
  const relay = createTcpServer((client) => {
    const upstream = connect(Number(port), hostname);
    client.on('data', (chunk) => (sent += chunk.length));
    client.pipe(upstream);
    upstream.pipe(client);
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  });
  relay.listen(0, '127.0.0.1');
  await once(relay, 'listening');
  return { url: `http://127.0.0.1:${(relay.address() as AddressInfo).port}/`, sent: () => sent, close: () => relay.close() };
}

test('a publish with a bad token, or to a name owned by another, is refused before the archive is sent', async () => {
  const relay = await countingRelay(registry.url);
  try {
    const client = openRegistry(relay.url);
    await client.publish(makeTestPack({ name: 'asked-first', version: '1.0.0' }).archive, alice);
    const big = makeTestPack({ name: 'asked-first', version: '1.0.1', width: 256 });
    assert.ok(big.archive.length > 16 * 1024 && big.archive.length < MAX_UPLOAD, `${big.archive.length} bytes`);

    let start = relay.sent();
    await assert.rejects(client.publish(big.archive, 'ff_not-a-token'), rejectsWith(401, /a valid token is required/));
    assert.ok(relay.sent() - start < 2048, `the client sent ${relay.sent() - start} bytes for a ${big.archive.length}-byte archive`);
    start = relay.sent();
    await assert.rejects(client.publish(big.archive, bob), rejectsWith(403, /bob may not change asked-first/));
    assert.ok(relay.sent() - start < 2048, `the client sent ${relay.sent() - start} bytes`);

    // with a good token the server asks for the body and gets all of it
    start = relay.sent();
    await client.publish(big.archive, alice);
    assert.ok(relay.sent() - start > big.archive.length);
  } finally {
    relay.close();
  }
});

test('unyank puts a yanked version back in ranges; only the owner may', async () => {
  const client = openRegistry(registry.url);
  for (const version of ['1.0.0', '1.1.0']) await client.publish(makeTestPack({ name: 'comeback', version, seed: Number(version[2]) }).archive, alice);
  await client.yank('comeback', '1.1.0', alice);
  assert.equal((await client.resolve('comeback', '^1')).version, '1.0.0');
  await assert.rejects(client.unyank('comeback', '1.1.0', bob), rejectsWith(403, /bob may not change comeback/));
  await assert.rejects(client.unyank('comeback', '9.9.9', alice), rejectsWith(404, /no pack comeback@9\.9\.9/));
  await client.unyank('comeback', '1.1.0', alice);
  assert.equal((await client.index()).packs.comeback!.versions['1.1.0']!.yanked, undefined);
  assert.equal((await client.resolve('comeback', '^1')).version, '1.1.0');
});

test('a download streams to its file only when size and sha512 check out; a longer or altered archive leaves nothing', async () => {
  const client = openRegistry(registry.url);
  const pack = makeTestPack({ name: 'streamed', version: '1.0.0' });
  await client.publish(pack.archive, alice);
  const served = join(dir, 'public', 'packs', 'streamed', 'streamed-1.0.0.tar.gz');
  const out = await tempDir('ff-download-');
  const file = join(out, 'streamed.tgz');
  for (const from of [registry.url, dir]) {
    await client.downloadTo('streamed', '1.0.0', file);
    assert.deepEqual(await readFile(file), pack.archive, from);
  }
  try {
    await writeFile(served, Buffer.concat([pack.archive, Buffer.alloc(4096, 1)]));
    for (const from of [registry.url, dir]) {
      await assert.rejects(openRegistry(from).downloadTo('streamed', '1.0.0', join(out, 'longer.tgz')), /streamed-1\.0\.0\.tar\.gz: (\d+|more than \d+) bytes, but the index says \d+: a truncated or replaced archive/);
    }
    const altered = Buffer.from(pack.archive);
    altered[100]! ^= 0xff;
    await writeFile(served, altered);
    for (const from of [registry.url, dir]) {
      await assert.rejects(openRegistry(from).downloadTo('streamed', '1.0.0', join(out, 'altered.tgz')), new RegExp(`integrity check failed: the index says ${pack.sha512.replace(/[+/]/g, '\\$&')}`));
    }
    assert.deepEqual(await readdir(out), ['streamed.tgz'], 'no temp file and no refused download left behind');
  } finally {
    await writeFile(served, pack.archive);
  }
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

/** `faceforge registry serve --dir DIR --port 0` as a child process: its URL, what it printed, and a clean stop (SIGTERM) that returns its exit code. */
async function serveWithCli(registryDir: string): Promise<{ url: string; output: () => string; stop: () => Promise<number | null> }> {
  const server = spawn(process.execPath, [BIN, 'registry', 'serve', '--dir', registryDir, '--port', '0'], { env: { ...process.env, CI: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  server.stdout.on('data', (c) => (output += c));
  const url = await new Promise<string>((resolveUrl, reject) => {
    server.stdout.on('data', () => {
      const match = /faceforge registry at (http:\/\/\S+)/.exec(output);
      if (match) resolveUrl(match[1]!);
    });
    server.on('close', (code) => reject(new Error(`serve exited with ${code}: ${output}`)));
  });
  return {
    url,
    output: () => output,
    stop: async () => {
      const closed = once(server, 'close');
      server.kill('SIGTERM');
      const [code] = await closed;
      return code as number | null;
    },
  };
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

  const server = await serveWithCli(cliDir);
  const url = server.url;
  try {
    await openRegistry(url).publish(makeTestPack({ name: 'carols-encoder', version: '0.1.0', description: 'carol seasoned' }).archive, secret);
    const search = await runCli(['search', 'carol', '--registry', url]);
    assert.equal(search.code, 0, search.stderr);
    assert.match(search.stdout, /^encoder\s+carols-encoder@0\.1\.0\s+tiny\s+sha256:\S+\s+carol seasoned$/m);
    const plugins = await runCli(['search', '--kind', 'model', '--registry', cliDir]);
    assert.match(plugins.stdout, /plugin:model\s+faceforge-plugin-tiny\s+tiny/);
  } finally {
    assert.equal(await server.stop(), 0, server.output());
  }
  assert.match(server.output(), /SIGTERM: finishing open requests and stopping/);
  const missing = await runCli(['search', 'x', '--registry', join(cliDir, 'missing')]);
  assert.notEqual(missing.code, 0);
  assert.match(missing.stderr, /missing\/index\.json: not found/);
});

test('CLI: registry yank, unyank and deprecate against `registry serve`; token list and revoke', async () => {
  const cliDir = await tempDir('ff-registry-cli-');
  const token = await new RegistryStore(cliDir).addToken('dave');
  const served = await serveWithCli(cliDir);
  try {
    const client = openRegistry(served.url);
    for (const version of ['1.0.0', '1.1.0']) await client.publish(makeTestPack({ name: 'daves', version, seed: Number(version[2]) }).archive, token);
    const write = ['--registry', served.url, '--token', token];
    const versions = async () => (await client.index()).packs.daves!.versions;

    const yank = await runCli(['registry', 'yank', 'daves@1.1.0', ...write]);
    assert.equal(yank.code, 0, yank.stderr);
    assert.match(yank.stdout, /yanked daves@1\.1\.0 on http:\/\/127\.0\.0\.1:\d+\/: ranges skip it/);
    assert.equal((await versions())['1.1.0']!.yanked, true);

    const unyank = await runCli(['registry', 'unyank', 'daves@1.1.0', ...write]);
    assert.equal(unyank.code, 0, unyank.stderr);
    assert.equal((await versions())['1.1.0']!.yanked, undefined);

    const deprecate = await runCli(['registry', 'deprecate', 'daves@1.0.0', '--message', 'use 1.1.0', ...write]);
    assert.equal(deprecate.code, 0, deprecate.stderr);
    assert.equal((await versions())['1.0.0']!.deprecated, 'use 1.1.0');

    const list = await runCli(['registry', 'token', 'list', '--dir', cliDir]);
    assert.equal(list.code, 0, list.stderr);
    const id = /^([0-9a-f]{12})\s+dave\s+\d{4}-\d\d-\d\dT/m.exec(list.stdout)?.[1];
    assert.ok(id, list.stdout);
    assert.ok(!list.stdout.includes(token));

    const revoke = await runCli(['registry', 'token', 'revoke', id, '--dir', cliDir]);
    assert.equal(revoke.code, 0, revoke.stderr);
    assert.match(revoke.stdout, new RegExp(`revoked ${id} of dave`));
    // the running server refuses the revoked token at once
    const refused = await runCli(['registry', 'yank', 'daves@1.0.0', ...write]);
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /yank: 401[\s›]+Unauthorized: a valid token/);
    assert.equal((await versions())['1.0.0']!.yanked, undefined);
  } finally {
    await served.stop();
  }
});
