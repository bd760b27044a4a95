// Core's built-in landmark masks (builtin/mask-plugin.ts) tested with the public plugin harness
// (@faceforge/core/testing) on the shipped faces and their 68 landmarks.
import { createForge, silentLogger } from '@faceforge/core';
import { testMask } from '@faceforge/core/testing';

// Core applies its built-ins to every forge; the plugin object is taken from there (core does not export it).
const maskPlugin = (await createForge({ discover: false, log: silentLogger })).plugin('landmark-masks')!;

// Face masks: the shipped faces are head-centred, so the face is about a fifth of the image.
testMask(maskPlugin, 'components', { coverage: [0.1, 0.6] });
testMask(maskPlugin, 'extended', { coverage: [0.1, 0.7] });
// Region masks for the eye and mouth loss multipliers: a small part of it (a few pixels at 32 px).
testMask(maskPlugin, 'eye', { coverage: [0.001, 0.1] });
testMask(maskPlugin, 'mouth', { coverage: [0.001, 0.1] });
// The whole-face mask used for faces without landmarks covers everything.
testMask(maskPlugin, 'full', { coverage: [1, 1] });
