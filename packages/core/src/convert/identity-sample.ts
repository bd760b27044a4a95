/**
 * How far a conversion moved the faces toward the other person, by face-api: a sample of the
 * swapped faces is described and compared with the mean descriptors the model's validation
 * recorded (validate/), as the trainer measures its held-out swaps. The sample is paced by cost:
 * a face is described only while the time spent on describing stays under `budget` (4 %) of the
 * conversion so far, so the summary never costs more than about that share, whatever the speed
 * of the machine or the number of faces.
 */
import type { Image } from '../image/image.js';
import type { ModelState } from '../train/model-state.js';
import type { Logger } from '../util/logger.js';
import { createFaceDescriber, type FaceDescriber } from '../extract/face-describer.js';
import { figuresOf } from '../validate/identity-validator.js';
import type { IdentityFigures } from '../validate/validation-record.js';

export const IDENTITY_BUDGET = 0.04;

export interface ConvertIdentity extends IdentityFigures {
  /** Faces described. */
  sampled: number;
  /** Seconds spent describing, and that time's share of the conversion (measured). */
  seconds: number;
  share: number;
}

export class IdentitySample {
  private descriptors: number[][] = [];
  private spent = 0;

  private constructor(
    private readonly describer: FaceDescriber,
    private readonly means: { a: number[]; b: number[] },
    private readonly started: number,
    private readonly budget: number,
  ) {}

  /** Undefined when the model recorded no validation means (trained without validation). */
  static async create(state: ModelState, log: Logger, budget = IDENTITY_BUDGET): Promise<IdentitySample | undefined> {
    const means = state.validationSet?.means;
    if (!means) return undefined;
    const started = performance.now();
    const describer = await createFaceDescriber({ log });
    const sample = new IdentitySample(describer, means, started, budget);
    sample.spent = (performance.now() - started) / 1000;
    return sample;
  }

  /** Describes what of `faces` the budget allows now. */
  async offer(faces: readonly Image[]): Promise<void> {
    for (const face of faces) {
      const elapsed = (performance.now() - this.started) / 1000;
      if (this.descriptors.length > 0 && this.spent >= this.budget * elapsed) return;
      const begun = performance.now();
      this.descriptors.push(...(await this.describer.describe([face])));
      this.spent += (performance.now() - begun) / 1000;
    }
  }

  /** The figures, and what they cost against `totalSeconds` of conversion. */
  async finish(totalSeconds: number): Promise<ConvertIdentity | undefined> {
    await this.describer.close();
    if (this.descriptors.length === 0) return undefined;
    return { ...figuresOf(this.descriptors, this.means), sampled: this.descriptors.length, seconds: this.spent, share: totalSeconds > 0 ? this.spent / totalSeconds : 0 };
  }
}
