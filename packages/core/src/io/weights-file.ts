/** The weights file format lives in @faceforge/packs (packs carry weights files and read their architecture). */
export { encodeWeightsChunks, encodeWeights, decodeWeights, type TensorRecord, type WeightsHeader, type DecodedWeights } from '@faceforge/packs';
