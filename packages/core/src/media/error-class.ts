/**
 * The error class a caller wants ffmpeg failures reported with (ExtractError, ConvertError,
 * DataError): media/ is a leaf and cannot import core's errors, so each caller names its own.
 */
export type ErrorClass = new (message: string) => Error;
