/**
 * The write side of a registry: publish, deprecate, yank, unyank. Over HTTP it is the server's API; for a
 * local folder it is the server's own store (handed in by whoever may write there, e.g. the CLI).
 */
import type { PackKind } from '../packs/pack-manifest.js';

export interface PublishResult {
  name: string;
  version: string;
  kind: PackKind;
  /** 'sha512-<base64>' of the archive, as recorded in the index. */
  sha512: string;
  size: number;
  /** Archive path relative to the index. */
  path: string;
}

export interface RegistryWriter {
  publish(archive: Buffer, token: string): Promise<PublishResult>;
  /** An empty message lifts the deprecation. */
  deprecate(name: string, version: string, message: string, token: string): Promise<void>;
  yank(name: string, version: string, token: string): Promise<void>;
  /** Puts a yanked version back in ranges. */
  unyank(name: string, version: string, token: string): Promise<void>;
}
