/** A mistyped command gets a suggestion (`faceforge trian` → "Did you mean train?") instead of a bare "not found". */
import type { Hook } from '@oclif/core';
import { closestCommand } from '../closest-command.js';

const hook: Hook<'command_not_found'> = async function (options) {
  const { config, id } = options;
  const spaced = (commandId: string) => commandId.replaceAll(':', ' ');
  const suggestion = closestCommand(id, config.commands.filter((c) => !c.hidden).map((c) => c.id));
  const lines = [`${spaced(id)} is not a ${config.bin} command.`];
  if (suggestion) lines.push(`Did you mean ${spaced(suggestion)}?`);
  lines.push(`Run \`${config.bin} help\` for the list of commands.`);
  this.error(lines.join('\n'), { exit: 127 });
};

export default hook;
