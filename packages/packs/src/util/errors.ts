/**
 * The errors packs and the registry throw, and their base class. Core's own errors (config, data,
 * plugins, ...) extend the same FaceforgeError, so one `instanceof FaceforgeError` catches them all.
 */

/** Base class: every faceforge error carries a message a user can act on. */
export class FaceforgeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** Model files: missing, corrupt, mismatched. */
export class ModelFileError extends FaceforgeError {}

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
