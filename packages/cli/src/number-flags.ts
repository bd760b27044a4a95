/** Number flags oclif has no parser for. */
import { Flags } from '@oclif/core';

/** A number above 0 (fractions allowed): thresholds, rates. */
export const positiveNumber = Flags.custom<number>({
  parse: async (input) => {
    const value = Number(input);
    if (!Number.isFinite(value) || value <= 0) throw new Error(`expected a number above 0, got '${input}'`);
    return value;
  },
});
