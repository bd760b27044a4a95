/** `@faceforge/core/extract`: Extraction for commands: frames, face detection, alignment, face files and alignments files, identity filtering. */
export * from '../data/face-writer.js';
export * from '../data/face-identity.js';
export { readPngText, writePngText } from '../data/png-text.js';
export * from '../extract/extract.js';
export * from '../extract/frame-source.js';
export * from '../extract/face-detector.js';
export * from '../extract/face-finder.js';
export * from '../extract/batched-face-nets.js';
export * from '../extract/alignments-file.js';
export * from '../extract/identity-filter.js';
export * from '../extract/align-face.js';
export { useNativeWarp } from '../extract/native-warp.js';
export * from '../extract/centering.js';
export * from '../extract/umeyama.js';
export * from '../extract/mean-face.js';
export { estimatePose, projectPoint, type PoseEstimate } from '../extract/pose.js';
export { frameNumber, videoFrameStem, parseFrameRanges, type FrameRange } from '../media/frame-numbers.js';
export * from '../extract/face-describer.js';
