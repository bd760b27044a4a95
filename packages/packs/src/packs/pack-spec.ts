/** 'NAME@RANGE' as typed on the command line: 'my-encoder', 'my-encoder@^1.2', 'my-encoder@1.0.0'. */
import semver from 'semver';
import { PackError } from '../util/errors.js';
import { isValidPackName } from './pack-manifest.js';

export interface PackSpec {
  name: string;
  /** A semver range; undefined means the newest version. */
  range?: string;
}

export function parsePackSpec(spec: string): PackSpec {
  const at = spec.indexOf('@');
  const name = at < 0 ? spec : spec.slice(0, at);
  const range = at < 0 ? undefined : spec.slice(at + 1).trim() || undefined;
  if (!isValidPackName(name)) {
    throw new PackError(`'${spec}': a pack is NAME or NAME@RANGE, NAME being 1 to 64 of a-z 0-9 . _ - starting with a letter or digit`);
  }
  if (range !== undefined && semver.validRange(range) === null) {
    throw new PackError(`'${spec}': '${range}' is not a semver range (for example ${name}@1.2.3 or ${name}@^1.2, or just ${name} for the newest)`);
  }
  return { name, range };
}

/** 'name@range' back as text, for messages. */
export function formatPackSpec(spec: PackSpec): string {
  return spec.range ? `${spec.name}@${spec.range}` : spec.name;
}
