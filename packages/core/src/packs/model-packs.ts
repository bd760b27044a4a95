/**
 * Packs made from a model folder: `encoder pack` (the encoder as a new pack), `encoder season`
 * (the encoder back as the next version of the pack it started from, lineage appended) and
 * `decoder export` (one decoder, recording the fingerprint of the encoder it was trained with).
 * Everything is read from the folder's files and state.json; no model is built.
 */
import { basename, resolve } from 'node:path';
import semver from 'semver';
import { writeFileAtomic } from '../io/atomic.js';
import { commitFiles, readOneSave } from '../io/commit-files.js';
import { withModelLock } from '../io/model-lock.js';
import { openExistingModel, readPartFile } from '../model/replace-parts.js';
import { STATE_FILE, type ModelState } from '../train/model-state.js';
import { PackError } from '../util/errors.js';
import type { Logger } from '../util/logger.js';
import {
  architectureFingerprint, buildPack, isValidPackName, packId, weightsFileArchitecture,
  type BuiltPack, type PackDescription, type PackManifest, type PackStore,
} from '@faceforge/packs';
import { framingOf } from './fingerprint.js';
import { packOptions } from './pack-options.js';
import { decoderTrainedAgainst } from './encoder-identity.js';
import { encoderLineage, encoderOrigin, packSessions, partLineage, type EncoderPackedLineage } from './model-lineage.js';
export const ENCODER_PART = 'encoder';
export const DEFAULT_LICENSE = 'UNLICENSED';

/** Fingerprint of a part as the model folder holds it. */
export async function modelPartFingerprint(dir: string, state: ModelState, part: string): Promise<string> {
  const weights = await readPartFile(dir, state, part);
  return architectureFingerprint({ weights: weightsFileArchitecture(weights, part), inputSize: state.inputSize, ...framingOf(state.config) });
}

export interface PackMetadata {
  license?: string;
  keywords?: string[];
  description?: string;
  /** Version of the model plugin that trained the model: the pack fits `^version`. Unknown: any. */
  pluginVersion?: string;
}

export interface PackDestination {
  /** Gets the note when a dead process's lock on the model is taken over. */
  log?: Logger;
  /** Add the archive to this store. */
  store?: PackStore;
  /** Also write the archive to this file. */
  output?: string;
}

export interface ModelPackResult extends BuiltPack {
  /** Where the archive was written (store and/or output). */
  paths: string[];
}

function modelSection(state: ModelState, part: string, metadata: PackMetadata): PackManifest['model'] {
  const version = metadata.pluginVersion && semver.valid(metadata.pluginVersion);
  return { plugin: state.model, pluginRange: version ? `^${version}` : '*', part, inputSize: state.inputSize, ...framingOf(state.config), options: packOptions(state) };
}

async function deliver(built: BuiltPack, destination: PackDestination): Promise<ModelPackResult> {
  const paths: string[] = [];
  if (destination.store) paths.push((await destination.store.add(built.archive, { source: packId(built.manifest) })).archivePath);
  if (destination.output) {
    await writeFileAtomic(destination.output, built.archive);
    paths.push(resolve(destination.output));
  }
  return { ...built, paths };
}

/** Records in state.json that the encoder went into a pack, so a later season continues from it. */
async function recordPacked(dir: string, state: ModelState, manifest: PackManifest): Promise<void> {
  const entry: EncoderPackedLineage = {
    type: 'encoder-packed', name: manifest.name, version: manifest.version, fingerprint: manifest.fingerprint,
    iterations: state.iterations, sessionCount: packSessions(state).length, sessions: manifest.lineage.sessions, date: new Date().toISOString(),
  };
  const next: ModelState = { ...state, lineage: [...state.lineage, entry as unknown as Record<string, unknown>] };
  await commitFiles(dir, { [STATE_FILE]: JSON.stringify(next, null, 1) });
}

async function packModelEncoder(dir: string, state: ModelState, name: string, version: string, metadata: PackMetadata, destination: PackDestination): Promise<ModelPackResult> {
  if (state.iterations === 0) throw new PackError(`${dir}: the model has not been trained yet; there is no encoder worth packing`);
  const weights = await readPartFile(dir, state, ENCODER_PART);
  const description: PackDescription = {
    kind: 'encoder', name, version, ...(metadata.description ? { description: metadata.description } : {}),
    keywords: metadata.keywords ?? [], license: metadata.license ?? DEFAULT_LICENSE,
    model: modelSection(state, ENCODER_PART, metadata),
    fingerprint: await modelPartFingerprint(dir, state, ENCODER_PART),
    ...(state.encoder ? { encoder: { ...state.encoder } } : {}),
    lineage: encoderLineage(state),
  };
  const result = await deliver(buildPack(description, weights), destination);
  await recordPacked(dir, state, result.manifest);
  return result;
}

/** `encoder pack`: the model's encoder as pack name@version. */
export async function packEncoder(options: { modelDir: string; name: string; version: string } & PackMetadata & PackDestination): Promise<ModelPackResult> {
  // It records the pack in state.json: a writer, so it holds the model's lock.
  return withModelLock(options.modelDir, 'encoder pack', async () => {
    const state = await openExistingModel(options.modelDir);
    return packModelEncoder(options.modelDir, state, options.name, options.version, options, options);
  }, options.log);
}

export interface SeasonOptions extends PackMetadata, PackDestination {
  modelDir: string;
  store: PackStore;
  /** Season into this pack name instead of the one the model started from (needed when it did not). */
  name?: string;
  /** Which part of the version to raise; default patch. */
  bump?: 'patch' | 'minor' | 'major';
}

/**
 * `encoder season`: the model's encoder goes back as the next version of the pack it started from
 * (or was last seasoned into), its lineage the parent's sessions plus the model's sessions since.
 */
export async function seasonEncoder(options: SeasonOptions): Promise<ModelPackResult & { parent?: string }> {
  return withModelLock(options.modelDir, 'encoder season', () => seasonHoldingLock(options), options.log);
}

async function seasonHoldingLock(options: SeasonOptions): Promise<ModelPackResult & { parent?: string }> {
  const state = await openExistingModel(options.modelDir);
  const origin = encoderOrigin(state);
  const name = options.name ?? origin?.name;
  if (!name) {
    throw new PackError(`${options.modelDir}: the model did not start from an encoder pack, so there is nothing to season; give --name to start a pack (or use \`faceforge encoder pack\`)`);
  }
  if (!isValidPackName(name)) throw new PackError(`'${name}' is not a pack name: 1 to 64 of a-z 0-9 . _ - starting with a letter or digit`);
  if (origin?.type === 'encoder-packed' && origin.iterations === state.iterations) {
    throw new PackError(`${options.modelDir}: no training since the encoder was packed as ${origin.name}@${origin.version}; train first, then season`);
  }
  if (origin && encoderLineage(state).sessions.length === origin.sessions.length) {
    const since = origin.type === 'encoder-packed' ? 'was packed as' : 'came from';
    throw new PackError(
      `${options.modelDir}: the encoder has not trained since it ${since} ${origin.name}@${origin.version} ` +
        '(sessions with --freeze-weights or --encoder-lr-scale 0 leave it as it is); train it first, then season',
    );
  }
  const stored = (await options.store.versions('encoder', name)).map((p) => p.version);
  const known = origin?.name === name ? [...stored, origin.version] : stored;
  const highest = semver.maxSatisfying(known, '*', { includePrerelease: true });
  const version = highest ? semver.inc(highest, options.bump ?? 'patch')! : '1.0.0';
  // The metadata of the pack being continued carries over unless given again.
  const previous = origin ? await options.store.resolve('encoder', `${origin.name}@${origin.version}`).catch(() => undefined) : undefined;
  const metadata: PackMetadata = {
    license: options.license ?? previous?.manifest.license,
    keywords: options.keywords ?? previous?.manifest.keywords,
    description: options.description ?? previous?.manifest.description,
    pluginVersion: options.pluginVersion,
  };
  const result = await packModelEncoder(options.modelDir, state, name, version, metadata, options);
  return { ...result, parent: result.manifest.lineage.parent };
}

/** A pack name from a model folder's name and side: 'models/Alice_Bob' side a → 'alice_bob-a'. */
export function defaultDecoderName(modelDir: string, side: 'a' | 'b'): string {
  const base = basename(resolve(modelDir)).toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[^a-z0-9]+/, '').slice(0, 60);
  return `${base || 'decoder'}-${side}`;
}

/** `decoder export`: one decoder as a pack that records the fingerprint of its encoder. */
export async function exportDecoder(
  options: { modelDir: string; side: 'a' | 'b'; name?: string; version?: string } & PackMetadata & PackDestination,
): Promise<ModelPackResult> {
  const { modelDir, side } = options;
  // A reader: the decoder, its fingerprints and lineage all come from one save, even beside a trainer.
  const { description, weights } = await readOneSave(modelDir, () => describeDecoder(options));
  return deliver(buildPack(description, weights), options);
}

async function describeDecoder(
  options: { modelDir: string; side: 'a' | 'b'; name?: string; version?: string } & PackMetadata,
): Promise<{ description: PackDescription; weights: Buffer }> {
  const { modelDir, side } = options;
  const state = await openExistingModel(modelDir);
  if (state.iterations === 0) throw new PackError(`${modelDir}: the model has not been trained yet; there is no decoder worth exporting`);
  const part = `decoder_${side}`;
  const weights = await readPartFile(modelDir, state, part);
  const description: PackDescription = {
    kind: 'decoder', name: options.name ?? defaultDecoderName(modelDir, side), version: options.version ?? '1.0.0',
    ...(options.description ? { description: options.description } : {}),
    keywords: options.keywords ?? [], license: options.license ?? DEFAULT_LICENSE,
    model: modelSection(state, part, options),
    fingerprint: await modelPartFingerprint(modelDir, state, part),
    encoderFingerprint: await modelPartFingerprint(modelDir, state, ENCODER_PART),
    ...(decoderTrainedAgainst(state, part) ? { encoder: decoderTrainedAgainst(state, part) } : {}),
    side,
    lineage: partLineage(state, part, false),
  };
  return { description, weights };
}
