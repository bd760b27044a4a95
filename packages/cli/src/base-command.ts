/** Shared plumbing: a logger that goes through oclif, the forge, the backend, clean errors. */
import { Command, Flags } from '@oclif/core';
import { FaceforgeError, type Forge, type Logger } from '@faceforge/core';
import { selectBackend } from '@faceforge/core/backend';
import { loadForge } from './forge-loader.js';

/** Flags of the commands that compute (train, extract, convert, mask, demo): only those offer a backend. */
export const computeFlags = {
  backend: Flags.string({
    description: 'tfjs backend: tensorflow (tfjs-node[-gpu]), native, wasm or cpu. Default: the fastest that loads; FACEFORGE_BACKEND also sets it.',
    helpGroup: 'GLOBAL',
  }),
  verbose: Flags.boolean({ default: false, description: 'Also say why faster backends were passed over.', helpGroup: 'GLOBAL' }),
};

export abstract class BaseCommand extends Command {
  /**
   * Activates the backend and prints one line naming it; why a faster one could not be used
   * (tfjs-node not installed, ...) only with --verbose.
   */
  protected async useBackend(flags: { backend?: string; verbose?: boolean }): Promise<string> {
    const backend = await selectBackend({ requested: flags.backend, log: (line) => flags.verbose && this.logToStderr(line) });
    this.log(`backend: ${backend.name}`);
    return backend.name;
  }

  protected get logger(): Logger {
    return { info: (m) => this.log(m), warn: (m) => this.logToStderr(`warning: ${m}`) };
  }

  protected async forge(): Promise<Forge> {
    return loadForge(this.logger);
  }

  /** Faceforge errors are the user's to fix: print the message, not a stack. */
  protected override async catch(error: Error & { exitCode?: number }): Promise<unknown> {
    if (error instanceof FaceforgeError) this.error(error.message, { exit: 1 });
    return super.catch(error);
  }
}
