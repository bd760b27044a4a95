import { createImage, type Image } from './image.js';

/** The mask for a face without landmarks: everything counts as face. */
export function wholeFaceMask(size: number): Image {
  return createImage(size, size, 1, 1);
}
