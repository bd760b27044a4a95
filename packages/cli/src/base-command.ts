/** Shared plumbing: a logger that goes through oclif, the forge, the backend, clean errors. */
import { Command, Flags } from '@oclif/core';
import { FaceforgeError, type Forge, type Logger } from '@faceforge/core';
import { loadForge } from './forge-loader.js';

export abstract class BaseCommand extends Command {
  static baseFlags = {
    backend: Flags.string({
      description: 'tfjs backend: tensorflow (tfjs-node[-gpu]), native, wasm or cpu. Default: the fastest that loads; FACEFORGE_BACKEND also sets it.',
      helpGroup: 'GLOBAL',
    }),
  };

  protected get logger(): Logger {
    return { info: (m) => this.log(m), warn: (m) => this.logToStderr(`warning: ${m}`) };
  }

  protected async forge(): Promise<Forge> {
    return loadForge(this.config, this.logger);
  }

  /** Faceforge errors are the user's to fix: print the message, not a stack. */
  protected override async catch(error: Error & { exitCode?: number }): Promise<unknown> {
    if (error instanceof FaceforgeError) this.error(error.message, { exit: 1 });
    return super.catch(error);
  }
}
