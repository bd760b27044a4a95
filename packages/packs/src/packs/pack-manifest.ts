/**
 * manifest.json of a pack: what the pack holds (an encoder, or one decoder), which model it fits
 * (plugin, semver range, part, input size, centering, coverage, architecture fingerprint), where
 * its weights came from (lineage), its license, and the sha256 of every other file in the archive.
 * The schema is the single source of truth: the type is derived from it and every manifest read
 * from an archive is checked against it, with errors that name the pack and the field.
 */
import Type, { type Static } from 'typebox';
import { Value } from 'typebox/value';
import semver from 'semver';
import { PackError } from '../util/errors.js';

export const PACK_FORMAT = 'faceforge-pack';
export const PACK_FORMAT_VERSION = 1;
export const MANIFEST_FILE = 'manifest.json';

/** Lower-case letters, digits, '.', '_' and '-', starting with a letter or digit, at most 64 characters. */
export const PACK_NAME_PATTERN = /^[a-z0-9][a-z0-9._-]{0,63}$/;
/** Files inside a pack: flat names only, so no entry can point anywhere but the pack's own folder. */
export const PACK_FILE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
const SHA256_PATTERN = '^sha256:[0-9a-f]{64}$';
const HEX_SHA256_PATTERN = '^[0-9a-f]{64}$';

export function isValidPackName(name: string): boolean {
  return PACK_NAME_PATTERN.test(name);
}

const PackIdentitySchema = Type.Object({
  /** Who the faces are: the face folder's name. */
  label: Type.String({ minLength: 1, maxLength: 200 }),
  /** `sha256:` of the mean face descriptor, when the faces carry descriptors (extracted faces). */
  descriptorHash: Type.Optional(Type.String({ pattern: SHA256_PATTERN })),
  faces: Type.Integer({ minimum: 0 }),
}, { additionalProperties: false });

const PackSessionSchema = Type.Object({
  /** When the session ended (ISO 8601). */
  date: Type.String({ minLength: 1 }),
  identities: Type.Array(PackIdentitySchema),
  iterations: Type.Integer({ minimum: 0 }),
  /** Mean loss per side over the last recorded iterations of the session. */
  finalLoss: Type.Object({ a: Type.Number(), b: Type.Number() }, { additionalProperties: false }),
}, { additionalProperties: false });

const PackFileSchema = Type.Object({
  path: Type.String({ pattern: PACK_FILE_PATTERN.source }),
  size: Type.Integer({ minimum: 0 }),
  sha256: Type.String({ pattern: HEX_SHA256_PATTERN }),
}, { additionalProperties: false });

export const PackManifestSchema = Type.Object({
  format: Type.Literal(PACK_FORMAT),
  formatVersion: Type.Literal(PACK_FORMAT_VERSION),
  kind: Type.Union([Type.Literal('encoder'), Type.Literal('decoder')]),
  name: Type.String({ pattern: PACK_NAME_PATTERN.source }),
  /** Semver of this pack, e.g. 1.2.0. */
  version: Type.String({ minLength: 5, maxLength: 64 }),
  description: Type.Optional(Type.String({ maxLength: 2000 })),
  keywords: Type.Array(Type.String({ minLength: 1, maxLength: 50 }), { maxItems: 32 }),
  /** SPDX identifier or a short licence name. */
  license: Type.String({ minLength: 1, maxLength: 100 }),
  model: Type.Object({
    /** Model plugin name (`-t`), e.g. 'original'. */
    plugin: Type.String({ minLength: 1 }),
    /** Semver range of plugin versions the weights fit, e.g. ^1.0.0. */
    pluginRange: Type.String({ minLength: 1 }),
    /** The part the weights belong to: 'encoder', 'decoder_a', ... */
    part: Type.String({ pattern: '^[a-z][a-z0-9_]*$' }),
    inputSize: Type.Integer({ minimum: 1 }),
    centering: Type.String({ minLength: 1 }),
    coverage: Type.Number({ exclusiveMinimum: 0, maximum: 100 }),
    /**
     * The model's options fixed at creation, per config section (e.g. { "model.original": { "lowmem": true },
     * "global": { "reflect_padding": false, ... } }): a model started from the pack takes them. Absent in older packs.
     */
    options: Type.Optional(Type.Record(
      Type.String({ pattern: '^[a-z][a-z0-9_.-]*$' }),
      Type.Record(Type.String({ pattern: '^[a-z][a-z0-9_]*$' }), Type.Union([Type.String({ maxLength: 200 }), Type.Number(), Type.Boolean()])),
    )),
  }, { additionalProperties: false }),
  /** Architecture fingerprint of the part (see fingerprint.ts). */
  fingerprint: Type.String({ pattern: SHA256_PATTERN }),
  /** Decoder packs: the fingerprint of the encoder the decoder was trained with. */
  encoderFingerprint: Type.Optional(Type.String({ pattern: SHA256_PATTERN })),
  /**
   * The encoder's lineage id and iterations in it: an encoder pack's own; for a decoder pack, those of
   * the encoder it was last trained against. Absent in older packs.
   */
  encoder: Type.Optional(Type.Object({
    lineage: Type.String({ pattern: '^[a-z]+-[A-Za-z0-9._-]{1,100}$' }),
    iterations: Type.Integer({ minimum: 0 }),
  }, { additionalProperties: false })),
  /** Decoder packs: which side of its model the decoder was ('a' or 'b'). */
  side: Type.Optional(Type.Union([Type.Literal('a'), Type.Literal('b')])),
  lineage: Type.Object({
    /** The pack these weights started from, 'name@version'. */
    parent: Type.Optional(Type.String({ minLength: 3 })),
    sessions: Type.Array(PackSessionSchema),
  }, { additionalProperties: false }),
  /** Every file of the archive except manifest.json, with its size and sha256 (hex). */
  files: Type.Array(PackFileSchema, { minItems: 1, maxItems: 16 }),
}, { additionalProperties: false });

export type PackManifest = Static<typeof PackManifestSchema>;
export type PackSession = Static<typeof PackSessionSchema>;
export type PackIdentity = Static<typeof PackIdentitySchema>;
export type PackFile = Static<typeof PackFileSchema>;
export type PackKind = PackManifest['kind'];

/** The weights file of the part a pack holds, e.g. encoder.weights. */
export function packWeightsFile(manifest: Pick<PackManifest, 'model'>): string {
  return `${manifest.model.part}.weights`;
}

/** 'name@version', how packs are named in messages, lineage and the store. */
export function packId(manifest: Pick<PackManifest, 'name' | 'version'>): string {
  return `${manifest.name}@${manifest.version}`;
}

/** A pack's recorded model options as `[section] key = value, ...`, for `info` and messages. */
export function describePackOptions(manifest: Pick<PackManifest, 'model'>): string {
  return Object.entries(manifest.model.options ?? {})
    .flatMap(([section, values]) => Object.entries(values).map(([key, value]) => `[${section}] ${key} = ${JSON.stringify(value)}`))
    .join(', ');
}

function fail(source: string, field: string, problem: string): never {
  throw new PackError(`${source}: ${MANIFEST_FILE}: ${field || '(top level)'} ${problem}`);
}

/** JSON pointer '/model/inputSize' → 'model.inputSize', as people write fields. */
function fieldName(pointer: string): string {
  return pointer.replace(/^\//, '').replace(/\//g, '.');
}

/**
 * Checks parsed JSON against the schema and the rules a schema can't say (semver, the weights file
 * listed, decoder fields). `source` names the pack (file path or name@version) in every message.
 */
export function validatePackManifest(value: unknown, source: string): PackManifest {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(source, '', 'must be a JSON object');
  const record = value as Record<string, unknown>;
  // Say which format first: a wrong file altogether is clearer than a list of missing fields.
  if (record.format !== PACK_FORMAT) fail(source, 'format', `is ${JSON.stringify(record.format)}, expected "${PACK_FORMAT}": this is not a faceforge pack`);
  if (record.formatVersion !== PACK_FORMAT_VERSION) {
    fail(source, 'formatVersion', `is ${JSON.stringify(record.formatVersion)}; this faceforge reads version ${PACK_FORMAT_VERSION} (a newer faceforge may read it)`);
  }
  // 'schema is false' errors repeat an additionalProperties error with less to say: skip them.
  const first = Value.Errors(PackManifestSchema, value).find((e) => e.keyword !== 'boolean');
  if (first) {
    const extra = first.keyword === 'additionalProperties' ? ` (${JSON.stringify((first.params as { additionalProperties?: string[] }).additionalProperties)})` : '';
    fail(source, fieldName(first.instancePath), `${first.message}${extra}`);
  }
  const manifest = value as PackManifest;
  if (semver.valid(manifest.version) !== manifest.version) fail(source, 'version', `"${manifest.version}" is not a semver version like 1.0.0`);
  if (semver.validRange(manifest.model.pluginRange) === null) fail(source, 'model.pluginRange', `"${manifest.model.pluginRange}" is not a semver range like ^1.0.0`);
  if (manifest.kind === 'decoder') {
    if (!manifest.encoderFingerprint) fail(source, 'encoderFingerprint', 'is required in a decoder pack (the encoder the decoder was trained with)');
    if (!manifest.side) fail(source, 'side', "is required in a decoder pack ('a' or 'b')");
  }
  const paths = manifest.files.map((f) => f.path);
  const duplicate = paths.find((p, i) => paths.indexOf(p) !== i);
  if (duplicate) fail(source, 'files', `lists ${duplicate} twice`);
  if (paths.includes(MANIFEST_FILE)) fail(source, 'files', `must not list ${MANIFEST_FILE} itself`);
  if (!paths.includes(packWeightsFile(manifest))) fail(source, 'files', `does not list ${packWeightsFile(manifest)}, the weights of part '${manifest.model.part}'`);
  return manifest;
}

/** Parses manifest.json text; bad JSON is a PackError naming the pack. */
export function parsePackManifest(text: string, source: string): PackManifest {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new PackError(`${source}: ${MANIFEST_FILE} is not valid JSON (${(error as Error).message})`);
  }
  return validatePackManifest(value, source);
}
