/**
 * [global.loss]: faceswap's loss options. Registers the built-in loss functions and computes each
 * side's loss in the computeLoss hook (up to four weighted functions, penalized mask loss, eye and
 * mouth multipliers, learned-mask loss). Loss names come from the registry, so a loss plugin's
 * function is selectable here without changing core.
 */
import { defineSection, option, type ConfigSection } from '../config/options.js';
import type { FaceforgePlugin } from '../plugin/plugin.js';
import type { Forge } from '../forge.js';
import { builtinLosses } from '../losses/catalogue.js';
import { computeSideLoss, type LossSlot } from '../losses/collate.js';

const PLUGIN_NAME = 'loss';

/** Masks that cover a region, not the face: they serve the eye/mouth multipliers, not mask_type. */
const REGION_MASKS = new Set(['eye', 'mouth']);
const BUILTIN_FACE_MASKS = ['extended', 'components', 'full'];

function lossSection(names: string[], faceMasks: string[]) {
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

export function createLossPlugin(): FaceforgePlugin {
  let forge: Forge | undefined;
  const plugin: FaceforgePlugin = {
    meta: { name: PLUGIN_NAME, kind: 'loss', version: '0.1.0', description: "faceswap's loss functions and their weighting" },
    // The choices list every registered loss, so the section is built from the registry.
    get config(): ConfigSection {
      const names = forge ? forge.losses.names() : builtinLosses.map((l) => l.name);
      // Mask plugins add face masks, so the choices come from the registry once it is filled.
      const masks = forge ? forge.masks.names().filter((n) => !REGION_MASKS.has(n)) : [];
      const faceMasks = masks.length ? [...BUILTIN_FACE_MASKS.filter((n) => masks.includes(n)), ...masks.filter((n) => !BUILTIN_FACE_MASKS.includes(n))] : BUILTIN_FACE_MASKS;
      return lossSection(names.length ? names : builtinLosses.map((l) => l.name), faceMasks);
    },
    presets: {
      'mae-only': { description: 'Plain mean absolute error, the classic faceswap loss', values: { loss_function: 'mae', loss_function_2: 'none', loss_weight_2: 0 } },
      sharp: { description: 'SSIM plus MSE plus focal frequency for finer detail', values: { loss_function: 'ssim', loss_function_2: 'mse', loss_weight_2: 100, loss_function_3: 'ffl', loss_weight_3: 100 } },
    },
    apply(f) {
      forge = f;
      f.hooks.losses.tap(PLUGIN_NAME, (registry) => {
        for (const loss of builtinLosses) registry.register(loss, PLUGIN_NAME);
      });
      f.hooks.computeLoss.tap(PLUGIN_NAME, (previous, context) => {
        if (previous) return previous;
        const o = context.options;
        const slots: LossSlot[] = [];
        const add = (name: unknown, weight: number) => {
          if (typeof name === 'string' && name !== 'none' && weight > 0) slots.push({ fn: f.losses.get(name), weight });
        };
        add(o.loss_function ?? 'ssim', 1);
        add(o.loss_function_2, Number(o.loss_weight_2 ?? 0) / 100);
        add(o.loss_function_3, Number(o.loss_weight_3 ?? 0) / 100);
        add(o.loss_function_4, Number(o.loss_weight_4 ?? 0) / 100);
        return computeSideLoss({
          yTrue: context.yTrue, yPred: context.yPred, slots, masks: context.masks,
          penalizedMask: o.penalized_mask_loss === true && context.masks.face !== undefined,
          eyeMultiplier: Number(o.eye_multiplier ?? 1), mouthMultiplier: Number(o.mouth_multiplier ?? 1),
          maskPred: context.maskPred, maskLoss: context.maskPred ? f.losses.get(String(o.mask_loss_function ?? 'mse')) : undefined,
        });
      });
    },
  };
  return plugin;
}
