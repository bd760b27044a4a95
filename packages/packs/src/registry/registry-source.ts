/** Where a registry's static layout is read from: an HTTP(S) base URL or a local folder. */
export interface RegistrySource {
  /** The URL or folder, for messages. */
  readonly location: string;
  /** The full URL or path of a file in the layout, for messages. */
  describe(relativePath: string): string;
  /** Reads a file of the layout (a 404 or missing file is a RegistryError with status 404). */
  read(relativePath: string): Promise<Buffer>;
  /** Opens a file of the layout to read a chunk at a time; `size` is what the server declared, when it did. */
  open(relativePath: string): Promise<{ size?: number; chunks: AsyncIterable<Uint8Array> }>;
}
