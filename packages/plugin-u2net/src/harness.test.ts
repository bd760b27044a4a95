// The u2net mask plugin tested with the public plugin harness (@faceforge/core/testing): its presets,
// and its mask on the shipped faces. At training time the u2net mask is read from the face, where
// `faceforge mask --type u2net` stored it; the shipped faces carry landmark masks, not u2net ones, so
// each face gets a stored u2net mask first (the landmarks' filled hull at the asked size, standing
// in for a prediction) and the harness checks what the plugin returns for it.
import { hullMask, testMask, testPresets } from '@faceforge/core/testing';
import plugin, { MASK_NAME } from './index.js';

testPresets(plugin);
testMask(plugin, MASK_NAME, {
  prepareFace: (face, size) => {
    const scale = size / face.image.width;
    const stored = hullMask(face.landmarks!.map(([x, y]) => [x * scale, y * scale]), size);
    return { ...face, masks: { ...face.masks, [MASK_NAME]: stored } };
  },
});
