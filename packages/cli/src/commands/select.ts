import { Flags } from '@oclif/core';
import { basename, join } from 'node:path';
import { writeFileAtomic } from '@faceforge/core';
import { SELECT_DEFAULTS, copyFaces, formatPoseSpread, poseSpread, readFolderFacts, recoverRenames, selectFaces, type RejectReason } from '@faceforge/core/curate';
import { landmarkMaskDrawing } from '@faceforge/core/masks';
import { BaseCommand } from '../base-command.js';

function describe(reason: RejectReason): string {
  switch (reason.kind) {
    case 'unscored':
      return `not scored: ${reason.why}`;
    case 'blurry':
      return `blurry: sharpness ${reason.sharpness.toFixed(0)} < ${reason.threshold.toFixed(0)}`;
    case 'duplicate':
      return `near-duplicate of ${basename(reason.of)} (descriptor distance ${reason.descriptorDistance.toFixed(3)}, hash ${reason.hashBits} bits)`;
    case 'beyond-top':
      return 'beyond the top K';
  }
}

export default class Select extends BaseCommand {
  static override summary = 'Copy the K best training faces of a set: typical identity, level eyes, sharp, no near-duplicates.';
  static override description =
    "Ranks faces by EasyPhoto's score: cosine similarity of the face descriptor to the set's mean descriptor × the eye-line angle score. " +
    'Blurry faces (variance of the Laplacian under --min-sharpness × the median) and near-duplicates are dropped. ' +
    'Writes the faces and selection.json to --output, names the best reference face, and prints the pose/expression spread.';
  static override examples = ['<%= config.bin %> select -i faces/alice -o faces/alice_best --top 300'];

  static override flags = {
    input: Flags.directory({ char: 'i', required: true, exists: true, description: 'Folder of extracted faces.' }),
    output: Flags.directory({ char: 'o', required: true, description: 'Folder for the selected faces (created).' }),
    top: Flags.integer({ char: 'k', required: true, min: 1, description: 'How many faces to keep.' }),
    'min-sharpness': Flags.string({ default: String(SELECT_DEFAULTS.minSharpness), description: "Blurry below this fraction of the set's median sharpness." }),
    'duplicate-distance': Flags.string({ default: String(SELECT_DEFAULTS.duplicateDistance), description: 'Near-duplicates at or below this descriptor distance (0.6 = same person).' }),
    'duplicate-hash-bits': Flags.integer({ default: SELECT_DEFAULTS.duplicateHashBits, min: 0, max: 64, description: 'Near-duplicates at or below this many differing bits of the 64-bit image hash.' }),
    verbose: Flags.boolean({ char: 'v', default: false, description: 'List every face left out and why.' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Select);
    const number = (name: string, text: string) => {
      const value = Number(text);
      if (!Number.isFinite(value) || value < 0) this.error(`--${name} must be a number >= 0, got '${text}'`, { exit: 2 });
      return value;
    };
    await recoverRenames(flags.input);
    const forge = await this.forge();
    // sharpness is measured inside the face: the landmark mask plugin's components region
    const region = landmarkMaskDrawing(forge.masks, 'components');
    if (!region) this.logToStderr("warning: no mask plugin draws the 'components' mask (install @faceforge/plugin-masks): sharpness is measured over the whole image");
    const { faces, failed } = await readFolderFacts(flags.input, { region });
    for (const failure of failed) this.logToStderr(`warning: skipped ${failure.message}`);
    const selection = selectFaces(faces, {
      top: flags.top, minSharpness: number('min-sharpness', flags['min-sharpness']),
      duplicateDistance: number('duplicate-distance', flags['duplicate-distance']), duplicateHashBits: flags['duplicate-hash-bits'],
    });
    const written = await copyFaces(selection.selected.map((s) => s.face.path), flags.output);
    const counts = new Map<string, number>();
    for (const r of selection.rejected) counts.set(r.reason.kind, (counts.get(r.reason.kind) ?? 0) + 1);
    const report = {
      input: flags.input, top: flags.top, reference: selection.reference ? basename(selection.reference.face.path) : null,
      medianSharpness: selection.medianSharpness,
      selected: selection.selected.map((s, i) => ({ rank: i + 1, file: basename(s.face.path), score: s.score, similarity: s.similarity, eyeScore: s.eyeScore, sharpness: s.face.sharpness })),
      rejected: selection.rejected.map((r) => ({ file: basename(r.face.path), reason: describe(r.reason) })),
    };
    await writeFileAtomic(join(flags.output, 'selection.json'), JSON.stringify(report, null, 1));

    this.log(`selected ${written.length} of ${faces.length + failed.length} faces into ${flags.output}` +
      ` (left out: ${counts.get('blurry') ?? 0} blurry, ${counts.get('duplicate') ?? 0} near-duplicates, ${counts.get('unscored') ?? 0} unscored, ${counts.get('beyond-top') ?? 0} beyond the top ${flags.top}, ${failed.length} unreadable)`);
    if (selection.reference) {
      const r = selection.reference;
      this.log(`reference face: ${basename(r.face.path)} (score ${r.score.toFixed(3)} = similarity ${r.similarity.toFixed(3)} × eye-line ${r.eyeScore.toFixed(3)})`);
    }
    if (flags.verbose) for (const r of selection.rejected) this.log(`  left out ${basename(r.face.path)}: ${describe(r.reason)}`);
    this.log(formatPoseSpread(poseSpread(selection.selected.map((s) => s.face))));
  }
}
