/**
 * Import cycles among the TypeScript files of a source folder, for a test that keeps a package
 * free of them. Every relative import and re-export counts, type-only ones included: a type-only
 * cycle still ties the files together (one cannot move or be read without the other).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

/** The `.ts` files under `dir` (declaration files and node_modules left out). */
function listSourceFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) listSourceFiles(path, out);
    else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

/** The module specifiers of a file's imports and re-exports (`import type`, `export type` and `import x = require()` included). */
function moduleSpecifiers(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const specifiers: string[] = [];
  for (const statement of source.statements) {
    if ((ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) && statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier)) {
      specifiers.push(statement.moduleSpecifier.text);
    } else if (ts.isImportEqualsDeclaration(statement) && ts.isExternalModuleReference(statement.moduleReference) && ts.isStringLiteral(statement.moduleReference.expression)) {
      specifiers.push(statement.moduleReference.expression.text);
    }
  }
  return specifiers;
}

/** The file a relative specifier names (`./x.js` is `./x.ts` under NodeNext), or undefined when it is not one of `files`. */
function resolveRelative(from: string, specifier: string, files: ReadonlySet<string>): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const base = resolve(dirname(from), specifier);
  const candidates = [base.replace(/\.js$/, '.ts'), `${base}.ts`, join(base, 'index.ts')];
  return candidates.find((candidate) => files.has(candidate));
}

/**
 * Every cycle of relative imports among the `.ts` files under `rootDir`, each as the chain of
 * paths (relative to `rootDir`) that leads back to where it starts: `['a.ts', 'b.ts', 'a.ts']`.
 * One cycle is reported per import that closes one in a depth-first walk, so a tangle of several
 * cycles shows each of its loops; `includeTests: false` leaves `*.test.ts` files out.
 */
export function findImportCycles(rootDir: string, options: { includeTests?: boolean } = {}): string[][] {
  const root = resolve(rootDir);
  const all = listSourceFiles(root).filter((file) => options.includeTests !== false || !file.endsWith('.test.ts')).sort();
  const files = new Set(all);
  const edges = new Map(all.map((file) => [file, [...new Set(moduleSpecifiers(file).map((s) => resolveRelative(file, s, files)).filter((f): f is string => f !== undefined))].sort()]));

  const cycles: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (file: string): void => {
    state.set(file, 'open');
    stack.push(file);
    for (const next of edges.get(file) ?? []) {
      if (state.get(next) === 'open') cycles.push([...stack.slice(stack.indexOf(next)), next].map((f) => relative(root, f)));
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of all) if (!state.has(file)) visit(file);
  return cycles;
}

/** A cycle as one readable line: `a.ts → b.ts → a.ts`. */
export function formatCycle(cycle: readonly string[]): string {
  return cycle.join(' → ');
}
