/** SRI integrity strings ('sha512-<base64>'), the form npm uses and the registry index stores. */
import { createHash, timingSafeEqual } from 'node:crypto';

export function sha512Integrity(data: Uint8Array): string {
  return `sha512-${createHash('sha512').update(data).digest('base64')}`;
}

export function integrityMatches(data: Uint8Array, expected: string): boolean {
  const actual = Buffer.from(sha512Integrity(data));
  const wanted = Buffer.from(expected);
  return actual.length === wanted.length && timingSafeEqual(actual, wanted);
}
