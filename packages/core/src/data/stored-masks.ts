/**
 * The masks stored in a face file (`faceforge mask`, extraction), decoded into the frame the face
 * is loaded in: the same central coverage crop, at the processing size. A stored mask covers the
 * whole aligned face, so this is a crop and a resize. (Re-cropping between centerings is
 * extraction's business and happens there.)
 */
import type { Image } from './image.js';
import { decodeStoredMask, type StoredMask } from './face-metadata.js';
import { resizeImage } from './resize-image.js';

export function decodeStoredMasks(metadata: Record<string, unknown> | undefined, size: number, coverage: number, source: string): Record<string, Image> {
  const stored = metadata?.masks;
  if (!stored || typeof stored !== 'object') return {};
  const masks: Record<string, Image> = {};
  for (const [name, entry] of Object.entries(stored as Record<string, StoredMask>)) {
    const full = decodeStoredMask(entry, `${source} (mask '${name}')`);
    const side = full.width * coverage;
    const offset = (full.width - side) / 2;
    masks[name] = resizeImage(full, size, size, { x: offset, y: offset, width: side, height: side });
  }
  return masks;
}
