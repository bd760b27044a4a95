/**
 * The one copy of tfjs. Core owns it and hands it to plugins through `forge.tf`, because a second
 * copy keeps its own layer registry and breaks (de)serialisation of custom layers.
 */
import * as tf from '@tensorflow/tfjs';

export { tf };
export type Tf = typeof tf;
