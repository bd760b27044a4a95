/**
 * Small packs for tests: valid ones built with @faceforge/packs' buildPack (tiny weights), and raw archives with
 * whatever entries a test needs (traversal paths, links) to prove the registry refuses them.
 */
import { gzipSync } from 'node:zlib';
import { Header } from 'tar';
import { architectureFingerprint, buildPack, encodeWeights, type BuiltPack, type PackDescription } from '@faceforge/packs';

export interface TestPackOptions {
  name: string;
  version: string;
  kind?: 'encoder' | 'decoder';
  description?: string;
  keywords?: string[];
  plugin?: string;
  pluginRange?: string;
  /** Changes the weights (and so the archive) without changing the architecture. */
  seed?: number;
  /** Output channels of the tiny conv layer: a different width is a different fingerprint. */
  width?: number;
  /** Decoders: the fingerprint of their encoder. */
  encoderFingerprint?: string;
}

const INPUT = { inputSize: 32, centering: 'face', coverage: 100 };

function tinyWeights(part: string, width: number, seed: number): { weights: Buffer; fingerprint: string } {
  const layers = [
    { name: 'conv_0/kernel', shape: [3, 3, 3, width] },
    { name: 'conv_0/bias', shape: [width] },
  ];
  const tensors = layers.map((layer) => {
    const size = layer.shape.reduce((a, b) => a * b, 1);
    return { ...layer, data: Float32Array.from({ length: size }, (_, i) => Math.sin(i + seed)) };
  });
  return {
    weights: encodeWeights({ kind: 'model-part', part }, tensors),
    fingerprint: architectureFingerprint({ weights: layers.map((l) => ({ ...l, dtype: 'float32' })), ...INPUT }),
  };
}

/** A valid pack (manifest.json, README.md, the part's weights), as `faceforge encoder pack` makes them. */
export function makeTestPack(options: TestPackOptions): BuiltPack {
  const kind = options.kind ?? 'encoder';
  const part = kind === 'encoder' ? 'encoder' : 'decoder_a';
  const { weights, fingerprint } = tinyWeights(part, options.width ?? 4, options.seed ?? 0);
  const description: PackDescription = {
    kind, name: options.name, version: options.version,
    description: options.description ?? `test ${kind} ${options.name}`,
    keywords: options.keywords ?? ['test'], license: 'CC-BY-4.0',
    model: { plugin: options.plugin ?? 'tiny', pluginRange: options.pluginRange ?? '^1.0.0', part, ...INPUT },
    fingerprint,
    ...(kind === 'decoder' ? { encoderFingerprint: options.encoderFingerprint ?? fingerprint, side: 'a' as const } : {}),
    lineage: { sessions: [] },
  };
  return buildPack(description, weights);
}

export interface RawEntry {
  path: string;
  data?: Buffer | string;
  type?: 'File' | 'Directory' | 'SymbolicLink' | 'Link';
  linkpath?: string;
}

/** A gzipped tar holding exactly `entries`, in order, with none of the checks a real packer makes. */
export function rawTarGz(entries: RawEntry[]): Buffer {
  const blocks: Buffer[] = [];
  for (const entry of entries) {
    const data = Buffer.from(entry.data ?? '');
    const type = entry.type ?? 'File';
    const block = Buffer.alloc(512);
    new Header({ path: entry.path, type, linkpath: entry.linkpath, size: type === 'File' ? data.length : 0, mode: 0o644, mtime: new Date(0) }).encode(block, 0);
    blocks.push(block);
    if (type === 'File') blocks.push(data, Buffer.alloc((512 - (data.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return gzipSync(Buffer.concat(blocks));
}
