/**
 * Who a face folder shows, as a pack's lineage records it: the folder's name as the label, the
 * number of faces, and, when the faces carry identity descriptors (extracted faces), the sha256 of
 * their mean descriptor: the same person extracted again gives a close mean, the folder name alone
 * says little, and the hash identifies the set without shipping the faces or the descriptors.
 */
import { createHash } from 'node:crypto';
import { basename, resolve } from 'node:path';
import type { FaceRecord } from './face-record.js';

export interface FaceIdentity {
  label: string;
  faces: number;
  /** 'sha256:<hex>' of the mean descriptor as little-endian float32, when faces have descriptors. */
  descriptorHash?: string;
}

function descriptorOf(face: FaceRecord): number[] | undefined {
  const descriptor = face.metadata?.descriptor;
  return Array.isArray(descriptor) && descriptor.length > 0 && descriptor.every((x) => typeof x === 'number' && Number.isFinite(x)) ? descriptor : undefined;
}

/** sha256 of the mean of `descriptors` (all the same length), or undefined when there are none. */
export function meanDescriptorHash(descriptors: number[][]): string | undefined {
  if (descriptors.length === 0) return undefined;
  const length = descriptors[0]!.length;
  const usable = descriptors.filter((d) => d.length === length);
  const mean = new Float64Array(length);
  for (const d of usable) for (let i = 0; i < length; i++) mean[i] += d[i]! / usable.length;
  const bytes = Buffer.alloc(length * 4);
  for (let i = 0; i < length; i++) bytes.writeFloatLE(mean[i]!, i * 4);
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

export function describeIdentity(dir: string, faces: FaceRecord[]): FaceIdentity {
  const descriptorHash = meanDescriptorHash(faces.map(descriptorOf).filter((d): d is number[] => d !== undefined));
  return { label: basename(resolve(dir)), faces: faces.length, ...(descriptorHash ? { descriptorHash } : {}) };
}
