/**
 * [global.loss]: faceswap's loss options. Registers the built-in loss functions and computes each
 * side's loss in the computeLoss hook (up to four weighted functions, penalized mask loss, eye and
 * mouth multipliers, learned-mask loss). It also asks for what that needs: the face, eye and mouth
 * masks drawn into each face (prepareFaces), a stored neural mask loaded with the faces
 * (dataNeeds) and a mask output on the model (modelOptions). Loss names come from the registry, so
 * another plugin's loss function is selectable here without changing anything else.
 */
import { definePlugin, defineSection, dilateMask, option, type FaceRecord, type PluginApi, type SectionValues } from '@faceforge/core';
import { builtinLosses } from './catalogue.js';
import { computeSideLoss, type LossSlot } from './collate.js';

const PLUGIN_NAME = 'losses';

/** Masks that cover a region, not the face: they serve the eye/mouth multipliers, not mask_type. */
const REGION_MASKS = new Set(['eye', 'mouth']);
const BUILTIN_FACE_MASKS = ['extended', 'components', 'full'];

export function lossSection(names: string[], faceMasks: string[]) {
  const choices = [...names, 'none'] as const;
  const primary = names;
  return defineSection('global.loss', 'Loss options: what the model is scored on, and how the face areas are weighted.', {
    loss_function: option.choice({ choices: primary, default: 'ssim', group: 'loss', help: 'The main loss function (weight 100%).' }),
    loss_function_2: option.choice({ choices, default: 'mse', group: 'loss', help: 'Second loss function, added with loss_weight_2.' }),
    loss_weight_2: option.integer({ default: 100, min: 0, max: 400, group: 'loss', help: 'Weight of the second loss function, in percent of the main one.' }),
    loss_function_3: option.choice({ choices, default: 'none', group: 'loss', help: 'Third loss function, added with loss_weight_3.' }),
    loss_weight_3: option.integer({ default: 0, min: 0, max: 400, group: 'loss', help: 'Weight of the third loss function, in percent.' }),
    loss_function_4: option.choice({ choices, default: 'none', group: 'loss', help: 'Fourth loss function, added with loss_weight_4.' }),
    loss_weight_4: option.integer({ default: 0, min: 0, max: 400, group: 'loss', help: 'Weight of the fourth loss function, in percent.' }),
    mask_loss_function: option.choice({ choices: ['mae', 'mse'] as const, default: 'mse', group: 'mask', help: 'Loss of the learned mask against the face mask (learn_mask).' }),
    eye_multiplier: option.integer({ default: 3, min: 1, max: 40, group: 'loss', help: 'Extra weight of the eye area (needs landmarks and penalized_mask_loss).' }),
    mouth_multiplier: option.integer({ default: 2, min: 1, max: 40, group: 'loss', help: 'Extra weight of the mouth area (needs landmarks and penalized_mask_loss).' }),
    penalized_mask_loss: option.boolean({ default: true, group: 'mask', fixed: true, help: 'Score only the area inside the face mask, so the background does not distract the model.' }),
    mask_type: option.choice({
      choices: [...faceMasks, 'none'], default: 'extended', group: 'mask', fixed: true,
      help: 'Face mask for the penalized loss and learn_mask. extended/components come from landmarks; faces without landmarks use the whole image (full); neural masks (u2net) are read from the faces, stored there by `faceforge mask`.',
    }),
    mask_dilation: option.number({ default: 0, min: -5, max: 5, group: 'mask', help: 'Grow (positive) or shrink (negative) the face mask, in percent of its size.' }),
    learn_mask: option.boolean({ default: false, group: 'mask', fixed: true, help: 'Also train a mask output, usable as the "predicted" mask when converting.' }),
  });
}

type LossOptions = SectionValues<ReturnType<typeof lossSection>>;

/** Face masks offered for mask_type: the landmark ones first, in faceswap's order, then any other mask plugin's. */
function faceMaskChoices(registered: string[]): string[] {
  const masks = registered.filter((n) => !REGION_MASKS.has(n));
  if (!masks.length) return BUILTIN_FACE_MASKS;
  return [...BUILTIN_FACE_MASKS.filter((n) => masks.includes(n)), ...masks.filter((n) => !BUILTIN_FACE_MASKS.includes(n))];
}

/** Adds the masks the loss needs (face, eye, mouth) to every face of one side, at the processing size. */
function prepareMasks(api: PluginApi, o: LossOptions, faces: FaceRecord[], size: number): string[] {
  const names: string[] = [];
  const faceMask = o.mask_type;
  if (faceMask !== 'none' && (o.penalized_mask_loss || o.learn_mask)) names.push('face');
  if (o.penalized_mask_loss && faces.every((f) => f.landmarks)) {
    if (o.eye_multiplier > 1) names.push('eye');
    if (o.mouth_multiplier > 1) names.push('mouth');
  }
  for (const face of faces) {
    for (const name of names) {
      if (face.masks[name]) continue;
      // A stored mask (u2net, ...) needs no landmarks; landmark masks fall back to the whole face.
      const type = name === 'face' ? (face.landmarks || face.masks[faceMask] ? faceMask : 'full') : name;
      // A mask stored with the face (extraction, `faceforge mask`) that no plugin generates is used as stored.
      const stored = face.masks[type];
      const mask = stored && !api.masks.has(type) ? stored : api.masks.get(type).create(face, size);
      face.masks[name] = name === 'face' && o.mask_dilation !== 0 ? dilateMask(mask, o.mask_dilation) : mask;
    }
  }
  return names;
}

export default definePlugin({
  meta: { name: PLUGIN_NAME, kind: 'loss', version: '0.1.0', description: "faceswap's loss functions and their weighting, with the masks they score by" },
  // The choices list every registered loss and face mask, so the section is built from the registries.
  config: (registries) => {
    const losses = registries.losses.names();
    return lossSection(losses.length ? losses : builtinLosses.map((l) => l.name), faceMaskChoices(registries.masks.names()));
  },
  presets: {
    'mae-only': { description: 'Plain mean absolute error, the classic faceswap loss', values: { loss_function: 'mae', loss_function_2: 'none', loss_weight_2: 0 } },
    sharp: { description: 'SSIM plus MSE plus focal frequency for finer detail', values: { loss_function: 'ssim', loss_function_2: 'mse', loss_weight_2: 100, loss_function_3: 'ffl', loss_weight_3: 100 } },
  },
  apply(api) {
    for (const loss of builtinLosses) api.losses.register(loss);
    api.hooks.modelOptions.tap(PLUGIN_NAME, (options) => ({ ...options, learnMask: options.learnMask || api.options().learn_mask }));
    // Landmark masks are drawn at the processing size; a neural mask (predicted by `faceforge mask`)
    // or one no plugin draws is loaded from the faces.
    api.hooks.dataNeeds.tap(PLUGIN_NAME, (needs) => {
      const type = api.options().mask_type;
      const drawn = type === 'none' || (api.masks.has(type) && !api.masks.get(type).neural);
      return drawn ? needs : { ...needs, storedMasks: [...needs.storedMasks, type] };
    });
    api.hooks.prepareFaces.tap(PLUGIN_NAME, (preparation) => {
      preparation.maskNames.push(...prepareMasks(api, api.options(), preparation.faces, preparation.size));
    });
    api.hooks.computeLoss.tap(PLUGIN_NAME, (previous, context) => {
      if (previous) return previous;
      const o = api.options();
      const slots: LossSlot[] = [];
      const add = (name: string, weight: number) => {
        if (name !== 'none' && weight > 0) slots.push({ fn: api.losses.get(name), weight });
      };
      add(o.loss_function, 1);
      add(o.loss_function_2, o.loss_weight_2 / 100);
      add(o.loss_function_3, o.loss_weight_3 / 100);
      add(o.loss_function_4, o.loss_weight_4 / 100);
      return computeSideLoss({
        yTrue: context.yTrue, yPred: context.yPred, slots, masks: context.masks,
        penalizedMask: o.penalized_mask_loss && context.masks.face !== undefined,
        eyeMultiplier: o.eye_multiplier, mouthMultiplier: o.mouth_multiplier,
        maskPred: context.maskPred, maskLoss: context.maskPred ? api.losses.get(o.mask_loss_function) : undefined,
      });
    });
  },
});

export { builtinLosses, findLoss } from './catalogue.js';
export { computeSideLoss, activeSlots, type LossSlot, type SideLossInput } from './collate.js';
