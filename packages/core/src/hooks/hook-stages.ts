/**
 * Named stages of the hooks whose taps run in a fixed order (webpack keeps its
 * `PROCESS_ASSETS_STAGE_*` beside its hooks the same way). Tap with `{ name, stage }`; a plugin
 * that slots between two stages picks a number between them.
 */
export const STAGES = {
  /** prepareBatch: each training sample on its way into a batch. */
  prepareBatch: {
    /** Choose what the later stages need (warp to landmarks picks its partner face here). */
    PREPARE: -200,
    COLOR: -100,
    /** Rotation, zoom, shift. */
    GEOMETRY: 0,
    FLIP: 100,
    /** Warps the model's input only: the target stays as it is. */
    WARP: 200,
  },
  /** adjustColour: one swapped face before it is blended. */
  adjustColour: {
    /** The chosen colour adjustment (`--color-adjustment`). */
    COLOUR: 0,
    SHARPEN: 100,
  },
  /** blend: the frame with one more face composited. */
  blend: {
    /** Core pastes the face back through the inverse alignment with its mask. */
    PASTE: 0,
  },
} as const;
