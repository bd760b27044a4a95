/**
 * TEMPORARY stand-in for `packs/inspect-pack.ts` (branch `packs`), with its signature: it only reads
 * the manifest. Replaced by `export { inspectPack } from '../packs/inspect-pack.js'` on merge.
 */
import { Parser, type ReadEntry } from 'tar';
import { FaceforgeError } from '../util/errors.js';
import { sha512Integrity } from './integrity.js';

export interface InspectedManifest {
  kind: 'encoder' | 'decoder';
  name: string;
  version: string;
  description?: string;
  keywords: string[];
  license: string;
  model: { plugin: string; pluginRange: string };
  fingerprint: string;
  encoderFingerprint?: string;
}

export interface InspectPackOptions {
  source: string;
  expectedSha512?: string;
  maxEntryBytes?: number;
  maxTotalBytes?: number;
}

export async function inspectPack(archive: Buffer, options: InspectPackOptions): Promise<{ manifest: InspectedManifest; sha512: string }> {
  const sha512 = sha512Integrity(archive);
  if (options.expectedSha512 && options.expectedSha512 !== sha512) throw new FaceforgeError(`${options.source}: sha512 mismatch`);
  let manifestText: string | undefined;
  await new Promise<void>((resolve, reject) => {
    const parser = new Parser({
      strict: true,
      onReadEntry: (entry: ReadEntry) => {
        if (entry.path !== 'manifest.json') return entry.resume();
        const chunks: Buffer[] = [];
        entry.on('data', (c: Buffer) => chunks.push(c));
        entry.on('end', () => (manifestText = Buffer.concat(chunks).toString('utf8')));
      },
    });
    parser.on('error', reject);
    parser.on('end', () => resolve());
    parser.end(archive);
  });
  if (!manifestText) throw new FaceforgeError(`${options.source}: no manifest.json`);
  return { manifest: JSON.parse(manifestText) as InspectedManifest, sha512 };
}
