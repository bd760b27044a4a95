/**
 * oclif's autocomplete plugin completes commands and flags, not values. After it writes its bash
 * completion function, this adds model plugin names (`-t`) and pack names (`--encoder`, and the
 * pack argument of `encoder|decoder info|remove|publish`, `decoder import`), read at completion
 * time from `faceforge complete-names`, and hands every other case to oclif's function.
 */
import { appendFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Hook } from '@oclif/core';

const MARK = '# faceforge: model plugin and pack names';

export function nameCompletion(bin: string): string {
  return `
${MARK} (oclif's function above completes commands and flags)
_${bin}_names()
{
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="\${COMP_WORDS[COMP_CWORD-1]}" kind=""
  case "$prev" in
    -t|--trainer) kind=models ;;
    --encoder) kind=encoder ;;
  esac
  if [[ -z "$kind" && "$cur" != -* && $COMP_CWORD -eq 3 ]]; then
    case "\${COMP_WORDS[1]} \${COMP_WORDS[2]}" in
      "encoder info"|"encoder remove"|"encoder publish") kind=encoder ;;
      "decoder info"|"decoder remove"|"decoder publish"|"decoder import") kind=decoder ;;
    esac
  fi
  if [[ -n "$kind" ]]; then
    COMPREPLY=( $(compgen -W "$(${bin} complete-names $kind 2>/dev/null)" -- "$cur") )
    return 0
  fi
  _${bin}_autocomplete
}
complete -o default -F _${bin}_names ${bin}
`;
}

const hook: Hook<'postrun'> = async function (options) {
  // `autocomplete` (also with --refresh-cache) writes the functions through autocomplete:create's class, without hooks
  if (!['autocomplete', 'autocomplete:create'].includes(options.Command?.id ?? '')) return;
  const file = join(options.config.cacheDir, 'autocomplete', 'functions', 'bash', `${options.config.bin}.bash`);
  const text = await readFile(file, 'utf8').catch(() => undefined);
  if (text === undefined || text.includes(MARK)) return;
  await appendFile(file, nameCompletion(options.config.bin));
};

export default hook;
