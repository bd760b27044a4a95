/**
 * Validates a saved model folder (a snapshot, a fused model) on the held-out faces its training
 * recorded, against the mean descriptors recorded with them: the same measure the trainer took,
 * so the figures of snapshots and of their fusion compare.
 */
import type { Forge } from '../forge.js';
import type { Side } from '../model/face-swap-model.js';
import type { Image } from '../image/image.js';
import { loadTrainedModel } from '../convert/trained-model.js';
import { readFaceFile } from '../data/face-file.js';
import { createFaceDescriber } from '../extract/face-describer.js';
import { ModelFileError } from '../util/errors.js';
import { IdentityValidator } from './identity-validator.js';
import type { ValidationRecord } from './validation-record.js';

export async function validateModelDir(forge: Forge, modelDir: string): Promise<ValidationRecord> {
  const trained = await loadTrainedModel(forge, modelDir);
  try {
    const set = trained.state.validationSet;
    if (!set?.heldOutFiles || !set.means) {
      throw new ModelFileError(`${modelDir}: the model was never validated while training (no held-out faces recorded): train it with validation on (--validate-every)`);
    }
    const size = Math.max(trained.model.inputSize, trained.model.outputSize);
    const load = async (files: string[]): Promise<Image[]> => {
      const faces: Image[] = [];
      for (const file of files) faces.push((await readFaceFile(file, size, trained.framing.coverage, trained.framing.centering)).image);
      return faces;
    };
    const heldOut: Record<Side, Image[]> = { a: await load(set.heldOutFiles.a), b: await load(set.heldOutFiles.b) };
    const describer = await createFaceDescriber({ log: forge.log });
    const validator = IdentityValidator.fromSet(set, heldOut, describer);
    try {
      return await validator.validate(trained.model, trained.state.iterations);
    } finally {
      await validator.close();
    }
  } finally {
    trained.dispose();
  }
}
