/**
 * The `srgan` upscaler of convert: the generator of the SR model folder that [upscaler.srgan] model
 * names, loaded when a convert run starts (the upscaler's `prepare`), run on each batch of swapped
 * faces in the `upscale` hook, freed when the run ends (`release`).
 */
import { ConfigError, type Tf, type tf } from '@faceforge/core';
import { loadGenerator } from '../inference/load-generator.js';

export class SrganUpscaler {
  private loaded?: { dir: string; generator: tf.LayersModel };

  /** Loads the generator of `dir` unless it is the one already loaded. */
  async prepare(dir: string): Promise<void> {
    if (!dir) throw new ConfigError('convert --upscaler srgan: [upscaler.srgan] model is not set; name an SR model folder trained with `faceforge sr train` (in the ini given with -c)');
    if (this.loaded?.dir === dir) return;
    const { generator } = await loadGenerator(dir);
    this.loaded?.generator.dispose();
    this.loaded = { dir, generator };
  }

  upscale(tfjs: Tf, faces: tf.Tensor4D): tf.Tensor4D {
    if (!this.loaded) throw new ConfigError('convert --upscaler srgan: no SR model is loaded (prepare was not called)');
    return tfjs.clipByValue(this.loaded.generator.predict(tfjs.clipByValue(faces, 0, 1)) as tf.Tensor4D, 0, 1);
  }

  dispose(): void {
    this.loaded?.generator.dispose();
    this.loaded = undefined;
  }
}
