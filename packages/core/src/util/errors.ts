import { FaceforgeError } from '@faceforge/packs/errors';

/** The base class and the errors of model files and packs live in @faceforge/packs (packs and the registry throw them). */
export { FaceforgeError, ModelFileError, PackError } from '@faceforge/packs/errors';

/** Bad configuration: names the file, section, key and what is allowed. */
export class ConfigError extends FaceforgeError {}

/** A plugin could not be found, loaded or applied. */
export class PluginError extends FaceforgeError {}

/** The host refused a plugin before applying it: a bad meta or config section, a name or section already taken. */
export class PluginRefusal extends PluginError {}

/** Face data problems: missing folders, too few faces. */
export class DataError extends FaceforgeError {}

/** Extraction problems: an unreadable video or image, no ffmpeg, a bad reference face. */
export class ExtractError extends FaceforgeError {}

/** Training stopped because a loss went NaN or infinite. */
export class NonFiniteLossError extends FaceforgeError {
  constructor(
    message: string,
    readonly iteration: number,
    readonly terms: Record<string, number>,
  ) {
    super(message);
  }
}

/** Convert problems: unreadable input, model and options that don't fit, a writer that failed. */
export class ConvertError extends FaceforgeError {}
