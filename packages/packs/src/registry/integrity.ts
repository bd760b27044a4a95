/** Checks bytes against an SRI integrity string ('sha512-<base64>'), as the registry index stores them. */
import { timingSafeEqual } from 'node:crypto';
import { sha512Integrity } from '../packs/inspect-pack.js';

export function integrityMatches(data: Uint8Array, expected: string): boolean {
  const actual = Buffer.from(sha512Integrity(data));
  const wanted = Buffer.from(expected);
  return actual.length === wanted.length && timingSafeEqual(actual, wanted);
}
