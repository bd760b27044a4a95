/**
 * README.md of a pack: a model card generated from the manifest, so what a person reads and what
 * the tools check never disagree. Plain Markdown, deterministic (no dates but the lineage's own).
 */
import { describePackOptions, type PackManifest } from './pack-manifest.js';

function formatLoss(value: number): string {
  return Number.isFinite(value) ? value.toFixed(5) : String(value);
}

function lineageTable(manifest: PackManifest): string[] {
  const { sessions } = manifest.lineage;
  if (sessions.length === 0) return ['No training sessions recorded.'];
  const lines = ['| # | date | identities (faces) | iterations | final loss A | final loss B |', '|---|---|---|---|---|---|'];
  sessions.forEach((session, i) => {
    const who = session.identities.map((id) => `${id.label} (${id.faces})`).join(', ') || '-';
    lines.push(`| ${i + 1} | ${session.date.slice(0, 10)} | ${who} | ${session.iterations} | ${formatLoss(session.finalLoss.a)} | ${formatLoss(session.finalLoss.b)} |`);
  });
  const total = sessions.reduce((sum, s) => sum + s.iterations, 0);
  lines.push('', `${total} iterations in all.`);
  return lines;
}

function usage(manifest: PackManifest): string[] {
  const spec = `${manifest.name}@${manifest.version}`;
  if (manifest.kind === 'encoder') {
    return [
      '```sh',
      `faceforge train -A faces/you -B faces/them -m models/new -t ${manifest.model.plugin} --encoder ${spec}`,
      `faceforge train ... --encoder ${spec} --freeze-weights      # keep the encoder as it is while the decoders learn`,
      `faceforge train ... --encoder ${spec} --encoder-lr-scale 0.1 # or let it adapt slowly`,
      '```',
    ];
  }
  return [
    '```sh',
    `faceforge decoder import ${spec} -m models/yours --side a   # the model's encoder must have fingerprint ${manifest.encoderFingerprint}`,
    '```',
  ];
}

export function modelCard(manifest: PackManifest, parameters: number): string {
  const { model } = manifest;
  const what = manifest.kind === 'encoder'
    ? `A shared encoder for faceforge's \`${model.plugin}\` model. Start new face pairs from it: a seasoned encoder already knows faces, so a new pair trains in fewer iterations, and decoders trained against it are interchangeable between projects.`
    : `A decoder (side ${manifest.side?.toUpperCase()}) for faceforge's \`${model.plugin}\` model, trained against the encoder with fingerprint \`${manifest.encoderFingerprint}\`. It fits only models whose encoder has that fingerprint.`;
  const lines = [
    `# ${manifest.name} ${manifest.version}`,
    '',
    ...(manifest.description ? [manifest.description, ''] : []),
    what,
    '',
    '## Architecture',
    '',
    '| | |',
    '|---|---|',
    `| kind | ${manifest.kind} |`,
    `| model plugin | ${model.plugin} (${model.pluginRange}) |`,
    `| part | ${model.part} |`,
    `| input size | ${model.inputSize} px |`,
    `| centering | ${model.centering} |`,
    `| coverage | ${model.coverage}% |`,
    ...(model.options ? [`| fixed options | ${describePackOptions(manifest)} |`] : []),
    `| parameters | ${parameters.toLocaleString('en-US')} |`,
    `| fingerprint | \`${manifest.fingerprint}\` |`,
    ...(manifest.encoderFingerprint && manifest.kind === 'decoder' ? [`| encoder fingerprint | \`${manifest.encoderFingerprint}\` |`] : []),
    '',
    '## Lineage',
    '',
    ...(manifest.lineage.parent ? [`Continues \`${manifest.lineage.parent}\`.`, ''] : []),
    ...lineageTable(manifest),
    '',
    '## License',
    '',
    manifest.license,
    '',
    '## How to use',
    '',
    ...usage(manifest),
    '',
  ];
  return lines.join('\n');
}
