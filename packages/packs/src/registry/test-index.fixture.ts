/** A small index for the registry unit tests. */
import { packArchivePath, type PackVersionEntry, type RegistryIndex } from './index-format.js';

const FP_A = `sha256:${'a'.repeat(64)}`;
const FP_B = `sha256:${'b'.repeat(64)}`;

function version(name: string, v: string, extra: Partial<PackVersionEntry> = {}): PackVersionEntry {
  return { sha512: `sha512-${v}`, size: 10, path: packArchivePath(name, v), published: '2026-01-01T00:00:00.000Z', fingerprint: FP_A, pluginRange: '^1.0.0', ...extra };
}

export const FINGERPRINT_A = FP_A;
export const FINGERPRINT_B = FP_B;

export function fixtureIndex(): RegistryIndex {
  return {
    apiVersion: 1,
    generated: '2026-01-01T00:00:00.000Z',
    packs: {
      'seasoned-encoder': {
        kind: 'encoder', description: 'An encoder seasoned on 40 identities', keywords: ['seasoned', 'generic'], plugin: 'original',
        versions: {
          '1.0.0': version('seasoned-encoder', '1.0.0'),
          '1.1.0': version('seasoned-encoder', '1.1.0', { deprecated: 'use 1.2.0: 1.1.0 was trained on blurry faces' }),
          '1.2.0': version('seasoned-encoder', '1.2.0'),
          '1.3.0': version('seasoned-encoder', '1.3.0', { yanked: true }),
          '2.0.0-beta.1': version('seasoned-encoder', '2.0.0-beta.1'),
        },
      },
      'alice-decoder': {
        kind: 'decoder', description: 'Alice, front faces', keywords: ['alice'], plugin: 'original',
        versions: { '0.1.0': version('alice-decoder', '0.1.0', { fingerprint: FP_B, encoderFingerprint: FP_A }) },
      },
      'withdrawn': {
        kind: 'encoder', description: 'everything yanked', keywords: [], plugin: 'villain',
        versions: { '1.0.0': version('withdrawn', '1.0.0', { yanked: true }) },
      },
    },
    plugins: {
      '@faceforge/plugin-original': { kind: 'model', name: 'original', description: "faceswap's Original model", keywords: ['faceswap'] },
      'faceforge-plugin-villain': { kind: 'model', name: 'villain', description: 'Villain: a big model', keywords: ['faceswap', 'seasoned'] },
    },
  };
}
