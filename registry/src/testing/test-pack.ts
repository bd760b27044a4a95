/**
 * Small packs for tests, built in memory: a valid pack in the format core's inspectPack checks, and
 * raw archives with whatever entries a test needs (traversal paths, links) to prove they are refused.
 */
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { Header } from 'tar';

export interface RawEntry {
  path: string;
  data?: Buffer | string;
  type?: 'File' | 'Directory' | 'SymbolicLink' | 'Link';
  linkpath?: string;
}

const BLOCK = 512;
const FIXED_TIME = new Date('2020-01-01T00:00:00Z');

/** A gzipped tar holding exactly `entries`, in order, with no checks at all. */
export function rawTarGz(entries: RawEntry[]): Buffer {
  const blocks: Buffer[] = [];
  for (const entry of entries) {
    const data = Buffer.from(entry.data ?? '');
    const type = entry.type ?? 'File';
    const header = new Header({
      path: entry.path, type, linkpath: entry.linkpath, size: type === 'File' ? data.length : 0,
      mode: type === 'Directory' ? 0o755 : 0o644, uid: 0, gid: 0, mtime: FIXED_TIME,
    });
    const block = Buffer.alloc(BLOCK);
    header.encode(block, 0);
    blocks.push(block);
    if (type === 'File' && data.length > 0) {
      blocks.push(data, Buffer.alloc((BLOCK - (data.length % BLOCK)) % BLOCK));
    }
  }
  blocks.push(Buffer.alloc(2 * BLOCK));
  return gzipSync(Buffer.concat(blocks), { level: 9 });
}

export interface TestPackOptions {
  name: string;
  version: string;
  kind?: 'encoder' | 'decoder';
  description?: string;
  keywords?: string[];
  plugin?: string;
  pluginRange?: string;
  fingerprint?: string;
  encoderFingerprint?: string;
  /** Contents of the weights file (default: a few deterministic bytes). */
  weights?: Buffer;
}

function sha256(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

export function testPackManifest(options: TestPackOptions, files: Array<{ path: string; data: Buffer | string }>): Record<string, unknown> {
  const kind = options.kind ?? 'encoder';
  return {
    format: 'faceforge-pack',
    formatVersion: 1,
    kind,
    name: options.name,
    version: options.version,
    description: options.description ?? `test ${kind} ${options.name}`,
    keywords: options.keywords ?? ['test'],
    license: 'MIT',
    model: { plugin: options.plugin ?? 'original', pluginRange: options.pluginRange ?? '^0.1.0', part: kind === 'encoder' ? 'encoder' : 'decoder_a', inputSize: 64, centering: 'face', coverage: 0.875 },
    fingerprint: options.fingerprint ?? sha256(`fingerprint of ${options.name}`),
    ...(options.encoderFingerprint ? { encoderFingerprint: options.encoderFingerprint } : {}),
    lineage: { parent: null, sessions: [] },
    files: files.map((f) => ({ path: f.path, size: Buffer.byteLength(f.data), sha256: sha256(f.data) })),
  };
}

/** A valid pack: manifest.json, README.md and one weights file, all listed with their sha256. */
export function makeTestPack(options: TestPackOptions): Buffer {
  const part = (options.kind ?? 'encoder') === 'encoder' ? 'encoder' : 'decoder_a';
  const files = [
    { path: 'README.md', data: `# ${options.name}\n\nA test pack.\n` },
    { path: `${part}.weights`, data: options.weights ?? Buffer.from(`weights of ${options.name}@${options.version}`) },
  ];
  const manifest = JSON.stringify(testPackManifest(options, files), null, 2);
  return rawTarGz([{ path: 'manifest.json', data: manifest }, ...files]);
}
