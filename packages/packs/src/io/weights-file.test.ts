import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeWeights, encodeWeights, type TensorRecord } from './weights-file.js';
import { ModelFileError } from '../util/errors.js';

function tensors(): TensorRecord[] {
  // Irregular values of either sign and many magnitudes (no seeded generator needed for a round trip).
  const make = (name: string, shape: number[]) => {
    const n = shape.reduce((a, b) => a * b, 1);
    const data = new Float32Array(n);
    for (let i = 0; i < n; i++) data[i] = 3 * Math.sin(i * 12.9898 + name.length) * Math.exp(Math.cos(i * 78.233));
    return { name, shape, data };
  };
  const special = { name: 'special', shape: [7], data: new Float32Array([0, -0, Number.MIN_VALUE, -1e38, 3.4028234663852886e38, 1 / 3, Number.EPSILON]) };
  return [make('conv/kernel', [3, 3, 3, 5]), make('conv/bias', [5]), make('odd', [1, 13]), special, { name: 'empty', shape: [0], data: new Float32Array(0) }, make('scalar', [])];
}

function bits(data: Float32Array): number[] {
  return [...new Uint32Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength))];
}

function modelFileError(fn: () => unknown, pattern: RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof ModelFileError, String(e));
    assert.match(e.message, pattern);
    return true;
  });
}

test('encode → decode round trip is bit-exact for several tensors, odd lengths, and keeps the meta', () => {
  const input = tensors();
  const meta = { part: 'encoder', layers: ['conv'], nested: { a: 1, b: [true, null] }, unicode: 'visage é 顔' };
  const buffer = encodeWeights(meta, input);
  assert.equal(buffer.toString('ascii', 0, 8), 'FFWEIGHT');
  const { header, tensors: out } = decodeWeights(buffer, 'enc.weights');
  assert.deepEqual(header.meta, meta);
  assert.equal(header.format, 'faceforge-weights');
  assert.equal(header.version, 1);
  assert.match(header.sha256, /^[0-9a-f]{64}$/);
  assert.deepEqual([...out.keys()], input.map((t) => t.name));
  for (const t of input) {
    const got = out.get(t.name)!;
    assert.deepEqual(got.shape, t.shape);
    assert.equal(got.data.length, t.data.length);
    assert.deepEqual(bits(got.data), bits(t.data), t.name);
  }
  // -0 survives as -0, not 0.
  assert.ok(Object.is(out.get('special')!.data[1], -0));
  const total = input.reduce((n, t) => n + t.data.length, 0);
  assert.equal((buffer.length - total * 4) % 4, 0, 'data starts on a 4-byte boundary');
  assert.deepEqual(header.tensors.map((t) => t.offset), [0, 135, 140, 153, 160, 160]);
});

test('the header length is padded so the data is aligned whatever the meta length', () => {
  for (let pad = 0; pad < 4; pad++) {
    const data = new Float32Array([1.5, -2.25, 3]);
    const buffer = encodeWeights({ pad: 'x'.repeat(pad) }, [{ name: 't', shape: [3], data }]);
    const headerLength = buffer.readUInt32LE(8);
    const start = 12 + headerLength + ((4 - ((12 + headerLength) % 4)) % 4);
    assert.equal(start % 4, 0);
    assert.equal(buffer.length, start + 12);
    assert.equal(buffer.readFloatLE(start + 4), -2.25);
    assert.deepEqual([...decodeWeights(buffer, 'f').tensors.get('t')!.data], [1.5, -2.25, 3]);
  }
});

test('a truncated buffer fails with a ModelFileError mentioning truncated', () => {
  const buffer = encodeWeights({ part: 'decoder_a' }, tensors());
  modelFileError(() => decodeWeights(buffer.subarray(0, buffer.length - 4), 'dec.weights'), /^dec\.weights: truncated or padded data \(\d+ bytes, expected \d+\)$/);
  modelFileError(() => decodeWeights(buffer.subarray(0, buffer.length - 1), 'dec.weights'), /truncated/);
  modelFileError(() => decodeWeights(buffer.subarray(0, 40), 'dec.weights'), /^dec\.weights: truncated header$/);
  modelFileError(() => decodeWeights(Buffer.concat([buffer, Buffer.alloc(4)]), 'dec.weights'), /truncated or padded/);
});

test('a flipped data byte fails the checksum', () => {
  const buffer = Buffer.from(encodeWeights({}, tensors()));
  const last = buffer.length - 3;
  buffer[last] = buffer[last]! ^ 0x01;
  modelFileError(() => decodeWeights(buffer, 'x.weights'), /^x\.weights: checksum mismatch, the file is corrupt$/);
});

test('bad magic, an unreadable header and an unknown format or version fail', () => {
  const good = encodeWeights({}, [{ name: 'a', shape: [2], data: new Float32Array([1, 2]) }]);
  const bad = Buffer.from(good);
  bad.write('FFWEIGHX', 0, 'ascii');
  modelFileError(() => decodeWeights(bad, 'm.weights'), /^m\.weights: not a faceforge weights file \(bad magic bytes\)$/);
  modelFileError(() => decodeWeights(Buffer.from('FFWEIG'), 'm.weights'), /bad magic/);
  modelFileError(() => decodeWeights(Buffer.alloc(0), 'm.weights'), /bad magic/);

  const corrupt = Buffer.from(good);
  corrupt[12] = '['.charCodeAt(0) + 1; // '{' → '\\'
  modelFileError(() => decodeWeights(corrupt, 'm.weights'), /^m\.weights: corrupt header$/);

  const withHeader = (header: object) => {
    const h = Buffer.from(JSON.stringify(header));
    const out = Buffer.alloc(12 + h.length);
    out.write('FFWEIGHT', 0, 'ascii');
    out.writeUInt32LE(h.length, 8);
    h.copy(out, 12);
    return out;
  };
  modelFileError(() => decodeWeights(withHeader({ format: 'faceforge-weights', version: 2, tensors: [], meta: {}, sha256: '' }), 'm.weights'),
    /unsupported weights format faceforge-weights v2/);
  modelFileError(() => decodeWeights(withHeader({ format: 'other', version: 1, tensors: [], meta: {}, sha256: '' }), 'm.weights'),
    /unsupported weights format other v1/);
});

test('decoding from a Buffer at a byteOffset that is not a multiple of 4 still works', () => {
  const input = tensors();
  const encoded = encodeWeights({ k: 1 }, input);
  for (const shift of [1, 2, 3, 5]) {
    const backing = new ArrayBuffer(encoded.length + shift + 3);
    const view = Buffer.from(backing, shift, encoded.length);
    encoded.copy(view);
    assert.equal(view.byteOffset % 4 === 0, shift % 4 === 0);
    const { tensors: out } = decodeWeights(view, 'shifted.weights');
    for (const t of input) assert.deepEqual(bits(out.get(t.name)!.data), bits(t.data), `${t.name} at offset ${shift}`);
    // The decoded arrays do not alias the input buffer.
    view.fill(0);
    assert.deepEqual(bits(out.get('odd')!.data), bits(input[2]!.data));
  }
});
