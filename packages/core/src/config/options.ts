/**
 * Option builders. A plugin's config schema is plain JSON Schema (built with TypeBox) and is the
 * single source of defaults, ranges, choices, help text, ini comments and presets.
 * faceswap's ConfigItem fields map onto JSON Schema keywords: info → description, min_max →
 * minimum/maximum, rounding → multipleOf, choices → enum, group → x-group, fixed → x-fixed.
 */
import Type, { type TSchema, type TObject, type Static } from 'typebox';

export interface OptionMeta {
  /** Help text: shown in `config init`, presets and errors. */
  help: string;
  /** Group label, as in faceswap's GUI pages. */
  group: string;
  /** Locked into the model's state at creation; later changes are reported, not applied. */
  fixed?: boolean;
}

function annotations(meta: OptionMeta) {
  return { description: meta.help, 'x-group': meta.group, 'x-fixed': meta.fixed ?? false };
}

export const option = {
  number(meta: OptionMeta & { default: number; min: number; max: number; step?: number }) {
    return Type.Number({
      default: meta.default, minimum: meta.min, maximum: meta.max,
      ...(meta.step ? { 'x-step': meta.step } : {}), ...annotations(meta),
    });
  },
  integer(meta: OptionMeta & { default: number; min: number; max: number; step?: number }) {
    return Type.Integer({
      default: meta.default, minimum: meta.min, maximum: meta.max,
      ...(meta.step ? { 'x-step': meta.step } : {}), ...annotations(meta),
    });
  },
  boolean(meta: OptionMeta & { default: boolean }) {
    return Type.Boolean({ default: meta.default, ...annotations(meta) });
  },
  /** Free text such as a path; '' stands for "not set". */
  text(meta: OptionMeta & { default: string }) {
    return Type.String({ default: meta.default, ...annotations(meta) });
  },
  choice<const T extends readonly string[]>(meta: OptionMeta & { choices: T; default: T[number] }) {
    return Type.Unsafe<T[number]>({ type: 'string', enum: [...meta.choices], default: meta.default, ...annotations(meta) });
  },
};

/** One ini section owned by one plugin, e.g. `[model.original]`. */
export interface ConfigSection<S extends TObject = TObject> {
  /** Section id, e.g. 'global', 'global.loss', 'model.original', 'trainer.augmentation'. */
  id: string;
  /** Section help, written above the section in the ini file. */
  help: string;
  schema: S;
}

export function defineSection<P extends Record<string, TSchema>>(id: string, help: string, properties: P) {
  return { id, help, schema: Type.Object(properties, { additionalProperties: false }) } satisfies ConfigSection;
}

export type SectionValues<S extends ConfigSection> = Static<S['schema']>;

/** What the schema says about one option, read back for ini comments, errors and presets. */
export interface OptionInfo {
  key: string;
  type: 'number' | 'integer' | 'boolean' | 'string';
  default: unknown;
  help: string;
  group: string;
  fixed: boolean;
  minimum?: number;
  maximum?: number;
  choices?: string[];
}

export function describeOptions(section: ConfigSection): OptionInfo[] {
  const properties = section.schema.properties as Record<string, Record<string, unknown>>;
  return Object.entries(properties).map(([key, schema]) => ({
    key,
    type: schema.type as OptionInfo['type'],
    default: schema.default,
    help: String(schema.description ?? ''),
    group: String(schema['x-group'] ?? ''),
    fixed: schema['x-fixed'] === true,
    minimum: schema.minimum as number | undefined,
    maximum: schema.maximum as number | undefined,
    choices: schema.enum as string[] | undefined,
  }));
}

/** What a value may be, in words: used by every validation error. */
export function allowedText(info: OptionInfo): string {
  if (info.choices) return `one of: ${info.choices.join(', ')}`;
  if (info.type === 'boolean') return 'true or false';
  const kind = info.type === 'integer' ? 'a whole number' : 'a number';
  return `${kind} from ${info.minimum} to ${info.maximum}`;
}

export function sectionDefaults(section: ConfigSection): Record<string, unknown> {
  return Object.fromEntries(describeOptions(section).map((o) => [o.key, o.default]));
}
