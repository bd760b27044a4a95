// The landmark masks tested with the public plugin harness (@faceforge/core/testing) on the
// shipped faces and their 68 landmarks.
import { testMask } from '@faceforge/core/testing';
import maskPlugin from './index.js';

// Face masks: the shipped faces are head-centred, so the face is about a fifth of the image.
testMask(maskPlugin, 'components', { coverage: [0.1, 0.6] });
testMask(maskPlugin, 'extended', { coverage: [0.1, 0.7] });
// Region masks for the eye and mouth loss multipliers: a small part of it (a few pixels at 32 px).
testMask(maskPlugin, 'eye', { coverage: [0.001, 0.1] });
testMask(maskPlugin, 'mouth', { coverage: [0.001, 0.1] });
// The whole-face mask used for faces without landmarks covers everything.
testMask(maskPlugin, 'full', { coverage: [1, 1] });
