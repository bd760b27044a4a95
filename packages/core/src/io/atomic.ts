/** Atomic file writes live in @faceforge/packs (the pack store and the registry write with them too). */
export { tempPathFor, writeTempFile, fsyncDirectory, writeFileAtomic, type FileData } from '@faceforge/packs/atomic';
