/** 'name@range' as typed on the command line ('my-encoder@^1.2', 'my-encoder', 'my-encoder@1.0.0'). */
import { RegistryError } from '../util/errors.js';
import { isValidPackName } from './index-format.js';

export interface PackSpec {
  name: string;
  /** Undefined means the newest installable version. */
  range?: string;
}

export function parsePackSpec(spec: string): PackSpec {
  const at = spec.indexOf('@');
  const name = at < 0 ? spec : spec.slice(0, at);
  const range = at < 0 ? undefined : spec.slice(at + 1) || undefined;
  if (!isValidPackName(name)) throw new RegistryError(`"${spec}": a pack is NAME or NAME@RANGE with a lower-case name of letters, digits, '.', '_' and '-'`);
  return { name, range };
}
