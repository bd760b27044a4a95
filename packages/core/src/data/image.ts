/**
 * The float image and point types live in image/image.ts (a leaf module). This re-export keeps
 * the many modules that import them from here working unchanged, among them modules being
 * rewritten elsewhere right now (augment, masks, losses, hooks, builtin).
 */
export { cloneImage, createImage, type Image, type Point } from '../image/image.js';
