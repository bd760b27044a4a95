/**
 * Reads the static layout from a local folder: a copy of a registry, a mounted bucket, or the
 * `public/` folder of a registry server's directory (given the server's directory, it looks there).
 */
import { existsSync } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { RegistryError } from '../util/errors.js';
import { INDEX_FILE } from './index-format.js';
import type { RegistrySource } from './registry-source.js';

/** The folder a registry server serves, inside its `--dir`. */
export const PUBLIC_DIR = 'public';

export class DirectorySource implements RegistrySource {
  readonly location: string;

  constructor(dir: string) {
    const root = resolve(dir);
    const served = join(root, PUBLIC_DIR);
    this.location = !existsSync(join(root, INDEX_FILE)) && existsSync(join(served, INDEX_FILE)) ? served : root;
  }

  describe(relativePath: string): string {
    return join(this.location, ...relativePath.split('/'));
  }

  private failure(relativePath: string, error: unknown): RegistryError {
    const path = this.describe(relativePath);
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return new RegistryError(`${path}: not found${relativePath === INDEX_FILE ? ' (is this a faceforge registry folder?)' : ''}`, 404);
    return new RegistryError(`${path}: cannot read (${code ?? (error as Error).message})`);
  }

  async read(relativePath: string): Promise<Buffer> {
    try {
      return await readFile(this.describe(relativePath));
    } catch (error) {
      throw this.failure(relativePath, error);
    }
  }

  async open(relativePath: string): Promise<{ size?: number; chunks: AsyncIterable<Uint8Array> }> {
    try {
      const handle = await open(this.describe(relativePath));
      const size = await handle.stat().then((s) => s.size, async (error: unknown) => {
        await handle.close();
        throw error;
      });
      return { size, chunks: handle.createReadStream() };
    } catch (error) {
      throw this.failure(relativePath, error);
    }
  }
}
