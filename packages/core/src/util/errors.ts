/** Base class: every faceforge error carries a message a user can act on. */
export class FaceforgeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** Bad configuration: names the file, section, key and what is allowed. */
export class ConfigError extends FaceforgeError {}

/** A plugin could not be found, loaded or applied. */
export class PluginError extends FaceforgeError {}

/** Face data problems: missing folders, too few faces. */
export class DataError extends FaceforgeError {}

/** Extraction problems: an unreadable video or image, no ffmpeg, a bad reference face. */
export class ExtractError extends FaceforgeError {}

/** Model files: missing, corrupt, mismatched. */
export class ModelFileError extends FaceforgeError {}

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

/** Packs: a bad, tampered or unsafe pack archive, a mismatched fingerprint, an unknown pack in the store. */
export class PackError extends FaceforgeError {}

/**
 * A pack registry refused a request, could not be reached, or served something that fails its
 * integrity check. `status` is the HTTP status the server answered (or would answer) with.
 */
export class RegistryError extends FaceforgeError {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}
/** Convert problems: unreadable input, model and options that don't fit, a writer that failed. */
export class ConvertError extends FaceforgeError {}
