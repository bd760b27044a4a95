/**
 * An encoder's identity. The fingerprint says two encoders have the same architecture; it cannot
 * say they are the same encoder. So an encoder gets a lineage id when it is first initialised, and
 * counts the iterations it has been trained in that lineage. The id travels with its model
 * (--load-weights), its packs and seasoned versions, and every decoder trained on it: a decoder
 * records the lineage and the encoder's iterations it was last trained against. A decoder moves
 * only within its lineage; between two encoders initialised apart its weights mean nothing.
 */
import { randomUUID } from 'node:crypto';
import type { EncoderIdentity, ModelState } from '../train/model-state.js';
import { PackError } from '../util/errors.js';

export type { EncoderIdentity };

export function newEncoderIdentity(): EncoderIdentity {
  return { lineage: `enc-${randomUUID()}`, iterations: 0 };
}

/** Packs made before identities were recorded: every version of one pack name is one lineage. */
export function legacyPackIdentity(name: string): EncoderIdentity {
  return { lineage: `pack-${name}`, iterations: 0 };
}

/** The encoder a model's decoder part was last trained against; undefined for models made before identities. */
export function decoderTrainedAgainst(state: ModelState, part: string): EncoderIdentity | undefined {
  if (!state.encoder) return undefined;
  return { lineage: state.encoder.lineage, iterations: state.decoderTrainedAgainst?.[part] ?? state.encoder.iterations };
}

/**
 * Whether a decoder trained against `source` may go onto an encoder `target`. Refuses across
 * lineages, naming both; within one, returns a note of how far apart the two are (undefined when
 * they are the same). Where either side predates identities, the fingerprint check alone decides.
 */
export function checkDecoderLineage(label: string, source: EncoderIdentity | undefined, modelDir: string, target: EncoderIdentity | undefined): string | undefined {
  if (!source || !target) {
    return `${source ? modelDir : label} records no encoder lineage (made before faceforge recorded them): only the architecture fingerprint was checked`;
  }
  if (source.lineage !== target.lineage) {
    throw new PackError(
      `refused: ${label} was trained on encoder lineage ${source.lineage}, but the encoder of ${modelDir} is lineage ${target.lineage}. ` +
        'The two encoders were initialised apart: they share an architecture, not their weights, so the decoder would draw noise. ' +
        'A decoder works only on the encoder it was trained with (or one seasoned from it)',
    );
  }
  const apart = target.iterations - source.iterations;
  if (apart === 0) return undefined;
  return apart > 0
    ? `${label} was last trained against this encoder at ${source.iterations} iterations; the encoder is now at ${target.iterations} (${apart} further): train a while for the decoder to catch up`
    : `${label} was trained against this encoder at ${source.iterations} iterations, ${-apart} further than the encoder of ${modelDir} (${target.iterations}): train a while for the encoder to catch up`;
}
