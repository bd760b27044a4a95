/**
 * Packs end to end on real faces with the tiny fixture model: train A/B, pack the encoder, start
 * A/C from the pack, export C's decoder, put it into a third model with the same encoder, refuse a
 * mismatched one; encoder-lr-scale 0; season; reset. Then the same story through the CLI.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { access, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { FACE_METADATA_KEYWORD, decodeWeights } from '@faceforge/core';
import { meanDescriptorHash, writePngText } from '@faceforge/core/extract';
import { exportDecoder, importDecoder, packEncoder, seasonEncoder, swapDecoder } from '@faceforge/core/packs';
import { OPTIMIZER_FILE, decodeOptimizer, readState, resetParts, train, type TrainOptions } from '@faceforge/core/train';
import { PackError, PackStore } from '@faceforge/packs';
import { startRegistryServer } from '@faceforge/registry';
import { TINY_PLUGIN_DIR, sampleFaces, tempDir, tinyForge, tinyTrainOptions, useBackend, runFaceforge } from './support.js';

await useBackend();

/** The tensors of a weights file in order; `part` may name a backup, e.g. 'decoder_a.weights.bk'. */
async function tensors(dir: string, part: string): Promise<Float32Array[]> {
  const file = join(dir, part.includes('.') ? part : `${part}.weights`);
  return [...decodeWeights(await readFile(file), file).tensors.values()].map((t) => t.data);
}

function equalData(x: Float32Array[], y: Float32Array[]): boolean {
  return x.length === y.length && x.every((t, i) => t.length === y[i]!.length && t.every((v, j) => v === y[i]![j]));
}

/** Descriptor of face `k` of carol: deterministic, so the mean and its hash are known. */
const descriptor = (k: number) => Array.from({ length: 128 }, (_, i) => Math.round(Math.sin(i * 0.7 + k) * 1e4) / 1e4);

/** A third "person": B's faces mirrored, each carrying a face descriptor as extraction writes it. */
async function carolFaces(b: string): Promise<string> {
  const dir = join(await tempDir('ff-carol-'), 'carol');
  await mkdir(dir);
  const names = (await readdir(b)).filter((n) => n.endsWith('.png')).sort();
  for (const [k, name] of names.entries()) {
    const png = await sharp(join(b, name)).flop().png().toBuffer();
    await writeFile(join(dir, name), writePngText(png, FACE_METADATA_KEYWORD, JSON.stringify({ descriptor: descriptor(k) })));
  }
  return dir;
}

async function trainTiny(faces: { a: string; b: string }, modelDir: string, overrides: Partial<TrainOptions>) {
  const forge = await tinyForge();
  return train(forge, tinyTrainOptions(forge, faces, modelDir, overrides));
}

function packError(pattern: RegExp) {
  return (error: unknown) => {
    assert.ok(error instanceof PackError, `expected a PackError, got ${String(error)}`);
    assert.match(error.message, pattern);
    return true;
  };
}

test('encoder pack → new pair from the pack → decoder export → import/swap into a matching model; mismatches refused', async () => {
  const faces = await sampleFaces();
  const carol = await carolFaces(faces.b);
  const store = new PackStore(await tempDir('ff-home-'));

  // 1. train A/B and pack its encoder
  const ab = join(await tempDir(), 'alice_bob');
  await trainTiny(faces, ab, { iterations: 6 });
  const packed = await packEncoder({ modelDir: ab, name: 'tiny-faces', version: '1.0.0', license: 'CC-BY-4.0', keywords: ['tiny'], pluginVersion: '1.0.0', store });
  const { manifest } = packed;
  assert.equal(manifest.kind, 'encoder');
  assert.deepEqual(manifest.model, {
    plugin: 'tiny', pluginRange: '^1.0.0', part: 'encoder', inputSize: 32, centering: 'face', coverage: 100,
    options: { 'model.tiny': { filters: 16, latent: 64 }, global: { coverage: 100, centering: 'face', icnr_init: false, conv_aware_init: false, reflect_padding: false } },
  });
  assert.match(manifest.fingerprint, /^sha256:[0-9a-f]{64}$/);
  assert.equal(manifest.lineage.parent, undefined);
  assert.equal(manifest.lineage.sessions.length, 1);
  const [session] = manifest.lineage.sessions;
  assert.deepEqual(session!.identities, [{ label: 'a', faces: 30 }, { label: 'b', faces: 30 }]);
  assert.equal(session!.iterations, 6);
  assert.ok(session!.finalLoss.a > 0 && session!.finalLoss.b > 0 && session!.finalLoss.a < 1, JSON.stringify(session!.finalLoss));
  const stored = await store.resolve('encoder', 'tiny-faces@^1');
  assert.ok(equalData(await tensors(stored.dir, 'encoder'), await tensors(ab, 'encoder')), 'the store holds the model\'s encoder');
  assert.equal((await readState(ab))!.lineage.at(-1)!.type, 'encoder-packed');

  // 2. a new A/C model from the pack: the encoder is the pack's, bit for bit
  const pack = { manifest: stored.manifest, weights: await store.readWeights(stored), sha512: stored.sha512 };
  const ac = join(await tempDir(), 'alice_carol');
  await trainTiny({ a: faces.a, b: carol }, ac, { iterations: 3, encoderPack: pack, freezeWeights: true, seed: 11 });
  assert.ok(equalData(await tensors(ac, 'encoder'), await tensors(ab, 'encoder')), 'encoder from the pack');
  assert.ok(!equalData(await tensors(ac, 'decoder_b'), await tensors(ab, 'decoder_b')), 'its own decoders');
  const acState = (await readState(ac))!;
  assert.deepEqual(
    { ...acState.lineage[0], sessions: undefined },
    { type: 'encoder-pack', name: 'tiny-faces', version: '1.0.0', fingerprint: manifest.fingerprint, sha512: stored.sha512, sessions: undefined },
  );
  const carolIdentity = acState.sessions[0]!.identities![1]!;
  assert.deepEqual(carolIdentity, { label: 'carol', faces: 30, descriptorHash: meanDescriptorHash(Array.from({ length: 30 }, (_, k) => descriptor(k))) });

  // 3. export carol's decoder; it records the encoder's fingerprint
  const decoderPack = await exportDecoder({ modelDir: ac, side: 'b', name: 'carol', version: '1.0.0', license: 'CC-BY-4.0', store });
  assert.equal(decoderPack.manifest.kind, 'decoder');
  assert.equal(decoderPack.manifest.side, 'b');
  assert.equal(decoderPack.manifest.encoderFingerprint, manifest.fingerprint);
  // only its own side's faces: carol's
  assert.deepEqual(decoderPack.manifest.lineage.sessions[0]!.identities, [carolIdentity]);

  // 4. a third model with the same encoder takes carol's decoder, from the pack and from the folder
  const third = join(await tempDir(), 'bob_x');
  await trainTiny(faces, third, { iterations: 2, encoderPack: pack, freezeWeights: true, seed: 23 });
  const thirdDecoderA = await tensors(third, 'decoder_a');
  const optimizerFile = join(third, OPTIMIZER_FILE);
  const slotKeys = async () => Object.keys(decodeOptimizer(await readFile(optimizerFile), optimizerFile).slots);
  assert.ok((await slotKeys()).some((key) => key.startsWith('decoder_a:')) && (await slotKeys()).some((key) => key.startsWith('decoder_b:')));
  const storedDecoder = await store.resolve('decoder', 'carol');
  await importDecoder({ modelDir: third, side: 'b', manifest: storedDecoder.manifest, weights: await store.readWeights(storedDecoder) });
  assert.ok(equalData(await tensors(third, 'decoder_b'), await tensors(ac, 'decoder_b')), 'imported decoder');
  await swapDecoder({ from: ac, fromSide: 'b', to: third, toSide: 'a' });
  assert.ok(equalData(await tensors(third, 'decoder_a'), await tensors(ac, 'decoder_b')), 'swapped across sides');
  const points = await readdir(join(third, 'restore_points'));
  assert.equal(points.length, 2, 'a restore point before the import and one before the swap');
  assert.ok(equalData(await tensors(join(third, 'restore_points', points.sort()[1]!), 'decoder_a'), thirdDecoderA), 'the model as it was before the swap is a restore point');
  const thirdState = (await readState(third))!;
  assert.deepEqual(thirdState.lineage.slice(1).map((e) => [e.type, e.side]), [['decoder-import', 'b'], ['decoder-swap', 'a']]);
  assert.equal(thirdState.lowestAvgLoss, null, 'loss-gated backups start again');
  assert.deepEqual(await slotKeys(), [], 'no optimizer slots for the replaced decoders (the frozen encoder had none)');
  // the model trains on from there, loading the relabelled decoders by name
  await trainTiny(faces, third, { iterations: 1 });
  assert.equal((await readState(third))!.iterations, 3);

  // 5. a model whose encoder differs (other filters): the swap and the pack are refused, naming both fingerprints
  const other = join(await tempDir(), 'other');
  const forge = await tinyForge();
  const wide = tinyTrainOptions(forge, faces, other, { iterations: 1 });
  wide.config = { ...wide.config, 'model.tiny': { ...wide.config['model.tiny'], filters: 8 } };
  await train(forge, wide);
  const before = await readFile(join(other, 'decoder_b.weights'));
  const otherFingerprint = (await packEncoder({ modelDir: other, name: 'other', version: '1.0.0', store })).manifest.fingerprint;
  assert.notEqual(otherFingerprint, manifest.fingerprint);
  const bothFingerprints = new RegExp(`refused: .*fingerprint ${manifest.fingerprint}.*fingerprint ${otherFingerprint}`);
  await assert.rejects(swapDecoder({ from: ac, fromSide: 'b', to: other, toSide: 'b' }), packError(bothFingerprints));
  await assert.rejects(importDecoder({ modelDir: other, side: 'b', manifest: storedDecoder.manifest, weights: await store.readWeights(storedDecoder) }), packError(bothFingerprints));
  assert.ok((await readFile(join(other, 'decoder_b.weights'))).equals(before), 'the refused model is untouched');
  await assert.rejects(access(join(other, 'restore_points')), 'no restore point for a refused swap');
  const mismatched = join(await tempDir(), 'mismatched');
  const forge2 = await tinyForge();
  const options = tinyTrainOptions(forge2, faces, mismatched, { iterations: 1, encoderPack: pack });
  options.config = { ...options.config, 'model.tiny': { ...options.config['model.tiny'], latent: 32 } };
  // A pack made before packs recorded their fixed options: the fingerprint is the only check, and it refuses.
  const { options: _recorded, ...legacyModel } = pack.manifest.model;
  options.encoderPack = { ...pack, manifest: { ...pack.manifest, model: legacyModel } };
  await assert.rejects(train(forge2, options), packError(new RegExp(`tiny-faces@1\\.0\\.0 does not fit this model: its encoder has fingerprint ${manifest.fingerprint} .*this model's has sha256:[0-9a-f]{64}`)));
  await assert.rejects(access(join(mismatched, 'state.json')), 'nothing written for a refused model');
  await assert.rejects(importDecoder({ modelDir: third, side: 'a', manifest, weights: pack.weights }), packError(/is an encoder pack/));
});

test('--encoder-lr-scale 0 keeps the encoder as the pack has it while the decoders learn', async () => {
  const faces = await sampleFaces();
  const store = new PackStore(await tempDir('ff-home-'));
  const source = join(await tempDir(), 'source');
  await trainTiny(faces, source, { iterations: 3 });
  const { manifest } = await packEncoder({ modelDir: source, name: 'base', version: '0.1.0', store });
  const stored = await store.resolve('encoder', 'base');
  const model = join(await tempDir(), 'model');
  await trainTiny(faces, model, { iterations: 0, encoderPack: { manifest, weights: await store.readWeights(stored) } });
  const initial = { encoder: await tensors(model, 'encoder'), a: await tensors(model, 'decoder_a'), b: await tensors(model, 'decoder_b') };
  assert.ok(equalData(initial.encoder, await tensors(source, 'encoder')));
  await trainTiny(faces, model, { iterations: 4, learningRateScales: { encoder: 0 } });
  assert.ok(equalData(await tensors(model, 'encoder'), initial.encoder), 'encoder unchanged at scale 0');
  assert.ok(!equalData(await tensors(model, 'decoder_a'), initial.a), 'decoder A trained');
  assert.ok(!equalData(await tensors(model, 'decoder_b'), initial.b), 'decoder B trained');
  // at scale 0.5 it trains (and the scale of an unknown part is an error naming the parts)
  await trainTiny(faces, model, { iterations: 1, learningRateScales: { encoder: 0.5 } });
  assert.ok(!equalData(await tensors(model, 'encoder'), initial.encoder), 'encoder trains at 0.5');
  await assert.rejects(trainTiny(faces, model, { iterations: 1, learningRateScales: { inter: 0.5 } }), /part 'inter', which a 'tiny' model does not have \(parts: encoder, decoder_a, decoder_b\)/);
});

test('season: the encoder goes back as the next version with the lineage appended; reset re-initialises parts on purpose', async () => {
  const faces = await sampleFaces();
  const store = new PackStore(await tempDir('ff-home-'));
  const first = join(await tempDir(), 'first');
  await trainTiny(faces, first, { iterations: 3 });
  await assert.rejects(seasonEncoder({ modelDir: first, store }), packError(/did not start from an encoder pack.*give --name/));
  const base = await packEncoder({ modelDir: first, name: 'seasoned', version: '1.0.0', license: 'MIT', keywords: ['x'], store });
  await assert.rejects(seasonEncoder({ modelDir: first, store }), packError(/no training since the encoder was packed as seasoned@1\.0\.0/));

  const stored = await store.resolve('encoder', 'seasoned');
  const next = join(await tempDir(), 'next');
  await trainTiny(faces, next, { iterations: 2, encoderPack: { manifest: stored.manifest, weights: await store.readWeights(stored) } });
  await trainTiny(faces, next, { iterations: 2 });
  const seasoned = await seasonEncoder({ modelDir: next, store });
  assert.equal(seasoned.manifest.version, '1.0.1');
  assert.equal(seasoned.manifest.lineage.parent, 'seasoned@1.0.0');
  assert.deepEqual(seasoned.manifest.lineage.sessions.map((s) => s.iterations), [3, 2, 2]);
  assert.equal(seasoned.manifest.license, 'MIT', 'metadata carries over from the parent');
  await trainTiny(faces, next, { iterations: 1 });
  const again = await seasonEncoder({ modelDir: next, store, bump: 'minor' });
  assert.equal(again.manifest.version, '1.1.0');
  assert.equal(again.manifest.lineage.parent, 'seasoned@1.0.1');
  assert.deepEqual(again.manifest.lineage.sessions.map((s) => s.iterations), [3, 2, 2, 1]);
  assert.deepEqual((await store.versions('encoder', 'seasoned')).map((p) => p.version), ['1.0.0', '1.0.1', '1.1.0']);
  assert.equal((await store.resolve('encoder', 'seasoned@~1.0')).version, '1.0.1');
  assert.equal(base.manifest.lineage.sessions.length, 1);

  // reset: fresh weights for decoder_b only, recorded, optimizer slots dropped, training goes on
  const before = { encoder: await tensors(next, 'encoder'), a: await tensors(next, 'decoder_a'), b: await tensors(next, 'decoder_b') };
  const forge = await tinyForge();
  const reset = await resetParts(forge, { modelDir: next, parts: ['decoder_b'] });
  assert.deepEqual(reset.parts, ['decoder_b']);
  const after = await tensors(next, 'decoder_b');
  assert.ok(!equalData(after, before.b), 'decoder_b re-initialised');
  assert.deepEqual(after.map((t) => t.length), before.b.map((t) => t.length));
  assert.ok(equalData(await tensors(next, 'encoder'), before.encoder) && equalData(await tensors(next, 'decoder_a'), before.a), 'other parts untouched');
  assert.ok(equalData(await tensors(join(next, 'restore_points', reset.restorePoint), 'decoder_b'), before.b), 'the model as it was is a restore point');
  const state = (await readState(next))!;
  assert.deepEqual({ ...state.lineage.at(-1), date: undefined }, { type: 'reset', parts: ['decoder_b'], seed: reset.seed, iterations: 5, date: undefined });
  const optimizerFile = join(next, OPTIMIZER_FILE);
  assert.ok(Object.keys(decodeOptimizer(await readFile(optimizerFile), optimizerFile).slots).every((k) => !k.startsWith('decoder_b:')));
  await assert.rejects(resetParts(forge, { modelDir: next, parts: ['inter_ab'] }), /has no part 'inter_ab' \(parts: encoder, decoder_a, decoder_b\)/);
  await trainTiny(faces, next, { iterations: 1 });
  // a decoder exported after the reset only claims the sessions since
  const exported = await exportDecoder({ modelDir: next, side: 'b', store });
  assert.equal(exported.manifest.name, 'next-b');
  assert.deepEqual(exported.manifest.lineage.sessions.map((s) => s.iterations), [1]);
  assert.deepEqual((await exportDecoder({ modelDir: next, side: 'a', version: '1.0.1', store })).manifest.lineage.sessions.map((s) => s.iterations), [2, 2, 1, 1]);
});

test('the CLI: encoder pack/publish/pull/list/info/season, train --encoder, decoder export/import/swap/list, model reset', async (t) => {
  const faces = await sampleFaces();
  const home = await tempDir('ff-cli-packs-');
  const registry = await startRegistryServer({ dir: join(home, 'registry'), port: 0 });
  t.after(() => registry.close());
  const token = await registry.store.addToken('alice');
  const env: Record<string, string> = {
    FACEFORGE_HOME: join(home, 'faceforge'), FACEFORGE_DATA_DIR: join(home, 'data'), FACEFORGE_CONFIG_DIR: join(home, 'config'),
    FACEFORGE_CACHE_DIR: join(home, 'cache'), FACEFORGE_BACKEND: 'wasm', FACEFORGE_REGISTRY: registry.url,
  };
  /** The second project: its own store, the same registry. */
  const elsewhere = { FACEFORGE_HOME: join(home, 'elsewhere') };
  const run = (args: string[], extra: Record<string, string> = {}) => runFaceforge(args, { ...env, ...extra });
  const ok = async (args: string[], extra: Record<string, string> = {}) => {
    const result = await run(args, extra);
    assert.equal(result.code, 0, `faceforge ${args.join(' ')} failed:\n${result.stdout}\n${result.stderr}`);
    return result;
  };
  const flat = (text: string) => text.replace(/\s*›\s*/g, ' ').replace(/\s+/g, ' ');
  await ok(['plugins', 'link', TINY_PLUGIN_DIR, '--no-install']);
  await ok(['plugins', 'link', TINY_PLUGIN_DIR, '--no-install'], elsewhere); // the second project's home has its own plugins
  const trainArgs = (model: string, b = faces.b) => ['train', '-A', faces.a, '-B', b, '-m', model, '-b', '4', '-s', '2', '--no-preview', '--seed', '5'];

  const ab = join(home, 'ab');
  await ok([...trainArgs(ab), '-t', 'tiny', '-i', '2']);
  const archive = join(home, 'enc.tgz');
  const packed = await ok(['encoder', 'pack', '-m', ab, '--name', 'cli-enc', '--version', '1.0.0', '--license', 'MIT', '--keyword', 'tiny', '-o', archive]);
  assert.match(packed.stdout, /cli-enc@1\.0\.0: encoder pack/);
  assert.match(packed.stdout, /model +tiny \^1\.0\.0, part encoder/);
  await access(archive);
  assert.match((await ok(['encoder', 'list'])).stdout, /^cli-enc@1\.0\.0 +tiny encoder +32px +2 it +MIT$/m);
  const info = await ok(['encoder', 'info', 'cli-enc@^1']);
  assert.match(info.stdout, /fingerprint +sha256:[0-9a-f]{64}/);
  assert.match(info.stdout, /1\. \d{4}-\d\d-\d\d +2 it +loss A \d\.\d{5} B \d\.\d{5} +a \(30\), b \(30\)/);

  // publish to the registry on loopback; another project pulls it (sha512 and contents verified)
  const noToken = await run(['encoder', 'publish', 'cli-enc@1.0.0']);
  assert.match(flat(noToken.stderr), /publishing needs a token/);
  assert.match((await ok(['encoder', 'publish', 'cli-enc@1.0.0', '--token', token])).stdout, /published cli-enc@1\.0\.0 to http:\/\/127\.0\.0\.1:\d+\/ \(sha512-/);
  const pulled = await ok(['encoder', 'pull', 'cli-enc@^1'], elsewhere);
  assert.match(pulled.stdout, /^pulled cli-enc@1\.0\.0 +tiny encoder/m);
  assert.match((await ok(['encoder', 'pull', 'cli-enc'], elsewhere)).stdout, /already in the store: cli-enc@1\.0\.0/);
  const wrongKind = await run(['decoder', 'pull', 'cli-enc'], elsewhere);
  assert.match(flat(wrongKind.stderr), /cli-enc@1\.0\.0 on http:.* is an encoder pack; use `faceforge encoder pull`/);

  // a new model from the pulled pack (the plugin comes from the pack), encoder learning slowly
  const ac = join(home, 'ac');
  const fromPack = await ok([...trainArgs(ac), '-i', '2', '--encoder', 'cli-enc@^1.0.0', '--encoder-lr-scale', '0.1'], elsewhere);
  assert.match(fromPack.stdout + fromPack.stderr, /encoder from pack cli-enc@1\.0\.0/);
  assert.match(fromPack.stdout + fromPack.stderr, /learning rate of encoder × 0\.1/);
  assert.equal((await readState(ac))!.model, 'tiny');
  const bad = await run([...trainArgs(join(home, 'bad')), '-i', '1', '--encoder', 'cli-enc@^1', '--encoder-lr-scale', 'fast']);
  assert.notEqual(bad.code, 0);
  assert.match(flat(bad.stderr), /--encoder-lr-scale fast: give a number >= 0/);
  const missing = await run([...trainArgs(join(home, 'bad')), '-i', '1', '--encoder', 'cli-enc@^2']);
  assert.match(flat(missing.stderr), /no encoder pack cli-enc@\^2 in .*stored versions are 1\.0\.0/);

  // the archive file works as well as the store name
  const third = join(home, 'third');
  await ok([...trainArgs(third), '-i', '2', '--encoder', archive, '--freeze-weights']);
  const exported = await ok(['decoder', 'export', '-m', ac, '--side', 'b', '--name', 'cli-dec', '--version', '1.0.0', '-o', join(home, 'dec.tgz')]);
  assert.match(exported.stdout, /cli-dec@1\.0\.0: decoder pack/);
  assert.match((await ok(['decoder', 'list'])).stdout, /^cli-dec@1\.0\.0 +tiny decoder_b side b .*encoder sha256:[0-9a-f]{64}$/m);
  assert.match((await ok(['decoder', 'import', 'cli-dec@1', '-m', third, '--side', 'b'])).stdout, /cli-dec@1\.0\.0 is now decoder_b of/);
  assert.match((await ok(['decoder', 'import', join(home, 'dec.tgz'), '-m', third, '--side', 'a'])).stdout, /dec\.tgz is now decoder_a of/);
  assert.match((await ok(['decoder', 'swap', '--from', ac, '--from-side', 'a', '--to', third, '--to-side', 'a'])).stdout, /decoder_a of .* is now decoder_a of/);

  // a model with another encoder: refused, both fingerprints shown
  const ini = join(home, 'wide.ini');
  await ok(['config', 'init', '-t', 'tiny', '-o', ini]);
  await writeFile(ini, (await readFile(ini, 'utf8')).replace(/^filters = 16$/m, 'filters = 8'));
  const other = join(home, 'other');
  await ok([...trainArgs(other), '-t', 'tiny', '-i', '1', '-c', ini]);
  const refused = await run(['decoder', 'swap', '--from', ac, '--from-side', 'b', '--to', other, '--to-side', 'b']);
  assert.notEqual(refused.code, 0);
  assert.match(flat(refused.stderr), /refused: decoder_b of .* was trained with an encoder of fingerprint sha256:[0-9a-f]{64}, but the encoder of .* has fingerprint sha256:[0-9a-f]{64}/);
  // the pack's fixed options win over a config's, and the run says so
  const adopted = await ok([...trainArgs(join(home, 'adopted')), '-i', '1', '-c', ini, '--encoder', 'cli-enc']);
  assert.match(flat(adopted.stdout + adopted.stderr), /\[model\.tiny\] filters = 8 ignored: fixed by encoder pack cli-enc@1\.0\.0 as 16/);

  // season (into the second project's store) and reset
  const seasoned = await ok(['encoder', 'season', '-m', ac], elsewhere);
  assert.match(seasoned.stdout, /seasoned cli-enc@1\.0\.0 → cli-enc@1\.0\.1/);
  assert.match(seasoned.stdout, /continues cli-enc@1\.0\.0/);
  const refusedSeason = await run(['encoder', 'season', '-m', other]);
  assert.match(flat(refusedSeason.stderr), /did not start from an encoder pack/);
  const reset = await ok(['model', 'reset', '-m', third, '--part', 'decoder_a', '--part', 'decoder_b']);
  assert.match(reset.stdout, /re-initialised decoder_a, decoder_b of .* at iteration 2/);
  assert.doesNotMatch(reset.stdout + reset.stderr, /Hi, looks like you are running TensorFlow\.js/, 'no tfjs banner');
  assert.deepEqual((await readState(third))!.lineage.map((e) => e.type), ['encoder-pack', 'decoder-import', 'decoder-import', 'decoder-swap', 'reset']);
  assert.match((await ok(['encoder', 'remove', 'cli-enc@1.0.0'], elsewhere)).stdout, /removed cli-enc@1\.0\.0/);
  assert.match((await ok(['encoder', 'list'], elsewhere)).stdout, /^cli-enc@1\.0\.1 /m);

  // a registry serving an altered archive: refused, the store left as it was
  const [archivePath] = (await readdir(join(home, 'registry'), { recursive: true })).filter((f) => f.endsWith('.tar.gz') || f.endsWith('.tgz'));
  const served = join(home, 'registry', archivePath!);
  const bytes = await readFile(served);
  bytes[bytes.length >> 1]! ^= 0xff;
  await writeFile(served, bytes);
  const before = await readdir(join(home, 'third-home'), { recursive: true }).catch(() => []);
  const tampered = await run(['encoder', 'pull', 'cli-enc@1.0.0'], { FACEFORGE_HOME: join(home, 'third-home') });
  assert.notEqual(tampered.code, 0);
  assert.match(flat(tampered.stderr), /integrity check failed/);
  assert.deepEqual(await readdir(join(home, 'third-home'), { recursive: true }).catch(() => []), before);
});
