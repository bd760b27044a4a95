/**
 * Puts a decoder into a model: from a decoder pack (`decoder import`) or from another model folder
 * (`decoder swap`). A decoder only means something on top of the encoder it was trained with, so
 * the encoder fingerprints must match; otherwise the move is refused with both fingerprints.
 * A decoder moves between sides only where the model's two decoders have the same shape (RealFace's
 * are unbalanced on purpose: its decoder A is B divided by 1.5). The replacement goes through the
 * model's atomic commit; the model as it was becomes a restore point.
 */
import { join } from 'node:path';
import { openExistingModel, readPartFile, relabelPart, replaceModelParts, shapesOf } from '../model/replace-parts.js';
import { partFile } from '../model/model-files.js';
import { withModelLock } from '../io/model-lock.js';
import { readOneSave } from '../io/commit-files.js';
import { decodeWeights } from '../io/weights-file.js';
import { ModelFileError, PackError } from '../util/errors.js';
import { ENCODER_PART, modelPartFingerprint } from './model-packs.js';
import { packId, type PackManifest } from '@faceforge/packs';
import type { Side } from '../model/face-swap-model.js';
import type { Logger } from '../util/logger.js';
import type { ModelState } from '../train/model-state.js';
import { checkDecoderLineage, decoderTrainedAgainst, type EncoderIdentity } from './encoder-identity.js';

export interface InstalledDecoder {
  part: string;
  encoderFingerprint: string;
  /** The restore point holding the model as it was before (`restore --to ID`). */
  restorePoint: string;
  /** How far apart the decoder and the encoder are in their lineage, or that no lineage was recorded; undefined when in step. */
  note?: string;
}

interface DecoderSource {
  /** Names the decoder in messages and the lineage. */
  label: string;
  weights: Buffer;
  /** The model plugin the decoder belongs to. */
  plugin: string;
  /** The side it was trained as, where known. */
  side?: Side;
  /** The encoder lineage and iterations it was last trained against; absent for older models and packs. */
  encoder?: EncoderIdentity;
  encoderFingerprint: string;
  lineage: Record<string, unknown>;
}

/** Holds the model's lock: the decoder, its .bk and state.json change in one commit no other writer interleaves with. */
async function installDecoder(command: string, modelDir: string, side: Side, source: DecoderSource, log?: Logger): Promise<InstalledDecoder> {
  return withModelLock(modelDir, command, () => installHoldingLock(modelDir, side, source), log);
}

async function installHoldingLock(modelDir: string, side: Side, source: DecoderSource): Promise<InstalledDecoder> {
  const state = await openExistingModel(modelDir);
  if (source.plugin !== state.model) {
    throw new PackError(`${source.label} is a decoder of a '${source.plugin}' model; ${modelDir} is a '${state.model}' model`);
  }
  const part = `decoder_${side}`;
  const encoderFingerprint = await modelPartFingerprint(modelDir, state, ENCODER_PART);
  if (encoderFingerprint !== source.encoderFingerprint) {
    throw new PackError(
      `refused: ${source.label} was trained with an encoder of fingerprint ${source.encoderFingerprint}, ` +
        `but the encoder of ${modelDir} has fingerprint ${encoderFingerprint}. A decoder works only on the encoder it was trained with; ` +
        'start the model from the same encoder pack (`train --encoder`), or train its own decoder',
    );
  }
  const note = checkDecoderLineage(source.label, source.encoder, modelDir, state.encoder);
  const current = await readPartFile(modelDir, state, part);
  if (source.side && source.side !== side) await refuseUnlessSidesAlike(modelDir, state, source.label, source.side, current);
  let weights: Buffer;
  try {
    weights = relabelPart(source.weights, source.label, current, join(modelDir, partFile(part)));
  } catch (error) {
    if (!(error instanceof ModelFileError)) throw error;
    throw new PackError(`refused: ${error.message} (is learn_mask or the decoder configuration different?)`);
  }
  const trainedAgainst = source.encoder && state.encoder
    ? { ...state.decoderTrainedAgainst, [part]: source.encoder.iterations }
    : state.decoderTrainedAgainst;
  const restorePoint = await replaceModelParts({
    dir: modelDir, state: { ...state, ...(trainedAgainst ? { decoderTrainedAgainst: trainedAgainst } : {}) }, parts: { [part]: weights },
    lineage: {
      ...source.lineage, parts: [part], side, encoderFingerprint, ...(source.encoder ? { encoder: source.encoder } : {}),
      iterations: state.iterations, date: new Date().toISOString(),
    },
  });
  return { part, encoderFingerprint, restorePoint, ...(note ? { note } : {}) };
}

/** A decoder trained as `fromSide` may go to the other side only if the model's decoders a and b have the same shapes. */
async function refuseUnlessSidesAlike(modelDir: string, state: ModelState, label: string, fromSide: Side, target: Buffer): Promise<void> {
  const toSide: Side = fromSide === 'a' ? 'b' : 'a';
  const same = shapesOf(decodeWeights(await readPartFile(modelDir, state, `decoder_${fromSide}`), `decoder_${fromSide}`).header.tensors);
  const other = shapesOf(decodeWeights(target, `decoder_${toSide}`).header.tensors);
  if (same.shapes === other.shapes) return;
  const count = (n: number) => n.toLocaleString('en-US');
  throw new PackError(
    `refused: ${label} is a decoder_${fromSide}, and the decoders of a '${state.model}' model differ in shape by side ` +
      `(decoder_${fromSide} ${count(same.parameters)} parameters, decoder_${toSide} ${count(other.parameters)}): ` +
      `a decoder moves only to the same side. Put it into decoder_${fromSide} of ${modelDir}`,
  );
}

/** `decoder import PACK -m MODEL --side a|b`. */
export async function importDecoder(options: { modelDir: string; side: Side; manifest: PackManifest; weights: Buffer; log?: Logger }): Promise<InstalledDecoder> {
  const { manifest } = options;
  const id = packId(manifest);
  if (manifest.kind !== 'decoder') throw new PackError(`${id} is an ${manifest.kind} pack; \`decoder import\` takes decoder packs`);
  return installDecoder('decoder import', options.modelDir, options.side, {
    label: `decoder pack ${id}`, weights: options.weights, plugin: manifest.model.plugin, side: manifest.side, encoderFingerprint: manifest.encoderFingerprint!,
    ...(manifest.encoder ? { encoder: manifest.encoder } : {}),
    lineage: { type: 'decoder-import', pack: id, fingerprint: manifest.fingerprint, fromSide: manifest.side },
  }, options.log);
}

/** `decoder swap --from MODEL1 --from-side a --to MODEL2 --to-side b`: copies a decoder between model folders. */
export async function swapDecoder(options: { from: string; fromSide: Side; to: string; toSide: Side; log?: Logger }): Promise<InstalledDecoder> {
  const part = `decoder_${options.fromSide}`;
  // The source model is only read, maybe beside its trainer: the decoder and what describes it come from one save.
  const source = await readOneSave(options.from, async (): Promise<DecoderSource> => {
    const state = await openExistingModel(options.from);
    return {
      label: `${part} of ${options.from}`, weights: await readPartFile(options.from, state, part), plugin: state.model, side: options.fromSide,
      ...(decoderTrainedAgainst(state, part) ? { encoder: decoderTrainedAgainst(state, part) } : {}),
      encoderFingerprint: await modelPartFingerprint(options.from, state, ENCODER_PART),
      lineage: { type: 'decoder-swap', from: options.from, fromSide: options.fromSide, fingerprint: await modelPartFingerprint(options.from, state, part) },
    };
  });
  return installDecoder('decoder swap', options.to, options.toSide, source, options.log);
}
