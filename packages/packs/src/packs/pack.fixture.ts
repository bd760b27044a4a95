/** Test material for the pack unit tests: small weights, a description, and hand-made (evil) archives. */
import { gzipSync } from 'node:zlib';
import { Header } from 'tar';
import { encodeWeights } from '../io/weights-file.js';
import type { PackDescription } from './build-pack.js';
import { architectureFingerprint } from './fingerprint.js';

export function fixtureWeights(scale = 1): Buffer {
  const kernel = Float32Array.from({ length: 3 * 3 * 8 * 32 }, (_, i) => Math.sin(i) * scale);
  const bias = Float32Array.from({ length: 32 }, (_, i) => i * 0.1 * scale);
  return encodeWeights({ kind: 'model-part', part: 'encoder' }, [
    { name: 'conv_32_0_conv2d/kernel', shape: [3, 3, 8, 32], data: kernel },
    { name: 'conv_32_0_conv2d/bias', shape: [32], data: bias },
  ]);
}

export const FIXTURE_FINGERPRINT = architectureFingerprint({
  weights: [
    { name: 'conv_32_0_conv2d/kernel', shape: [3, 3, 8, 32], dtype: 'float32' },
    { name: 'conv_32_0_conv2d/bias', shape: [32], dtype: 'float32' },
  ],
  inputSize: 32, centering: 'face', coverage: 100,
});

export function fixtureDescription(overrides: Partial<PackDescription> = {}): PackDescription {
  return {
    kind: 'encoder', name: 'test-encoder', version: '1.0.0', description: 'A test encoder', keywords: ['test'], license: 'CC-BY-4.0',
    model: { plugin: 'tiny', pluginRange: '^1.0.0', part: 'encoder', inputSize: 32, centering: 'face', coverage: 100 },
    fingerprint: FIXTURE_FINGERPRINT,
    lineage: { sessions: [{ date: '2025-01-02T03:04:05.000Z', identities: [{ label: 'alice', faces: 30 }, { label: 'bob', faces: 30 }], iterations: 100, finalLoss: { a: 0.05, b: 0.06 } }] },
    ...overrides,
  };
}

export interface RawEntry {
  path: string;
  data?: Uint8Array | string;
  type?: 'File' | 'SymbolicLink' | 'Link' | 'CharacterDevice' | 'FIFO' | 'Directory';
  linkpath?: string;
  /** Header size field when it should lie about the data. */
  size?: number;
}

/** A tar.gz exactly as described, with none of the safety a real packer applies. */
export function rawTarGz(entries: RawEntry[]): Buffer {
  const chunks: Buffer[] = [];
  for (const entry of entries) {
    const data = typeof entry.data === 'string' ? Buffer.from(entry.data) : Buffer.from(entry.data ?? new Uint8Array());
    const block = Buffer.alloc(512);
    new Header({ path: entry.path, type: entry.type ?? 'File', linkpath: entry.linkpath, mode: 0o644, size: entry.size ?? data.length, mtime: new Date(0) }).encode(block, 0);
    chunks.push(block, data, Buffer.alloc((512 - (data.length % 512)) % 512));
  }
  chunks.push(Buffer.alloc(1024));
  return gzipSync(Buffer.concat(chunks));
}
