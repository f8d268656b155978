/**
 * Imports run one way. Every relative import of src/, bench/ and scripts/
 * (type-only ones too, as TypeScript's own pre-processor lists them) is
 * read; the capability folders of src/ (and its top-level modules) must not
 * import each other in a cycle, and no file may import itself back through
 * others. A cycle names its path, so the move that breaks it is plain.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import ts from 'typescript';

const ROOT = path.resolve(import.meta.dirname, '..');

function sourceFiles(folder: string): string[] {
  return readdirSync(path.join(ROOT, folder), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .map((file) => path.join(folder, file));
}

/** file (relative to the project) → the project files it imports. */
function importGraph(folders: readonly string[]): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of folders.flatMap(sourceFiles)) {
    const text = readFileSync(path.join(ROOT, file), 'utf8');
    const imported = ts
      .preProcessFile(text, true, true)
      .importedFiles.map((reference) => reference.fileName)
      .filter((name) => name.startsWith('.'))
      .map((name) => path.normalize(path.join(path.dirname(file), name)));
    graph.set(file, imported);
  }
  return graph;
}

/** The first cycle found (its nodes, the first repeated at the end), or undefined. */
function findCycle(graph: ReadonlyMap<string, readonly string[]>): string[] | undefined {
  const state = new Map<string, 'open' | 'done'>();
  const trail: string[] = [];
  const visit = (node: string): string[] | undefined => {
    if (state.get(node) === 'done') return undefined;
    if (state.get(node) === 'open') return [...trail.slice(trail.indexOf(node)), node];
    state.set(node, 'open');
    trail.push(node);
    for (const next of graph.get(node) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    trail.pop();
    state.set(node, 'done');
    return undefined;
  };
  for (const node of [...graph.keys()].sort()) {
    const cycle = visit(node);
    if (cycle) return cycle;
  }
  return undefined;
}

/** A file of src/ as its capability: its folder (`src/push`), or itself for a top-level module (`src/errors.ts`). */
function capabilityOf(file: string): string {
  const [top, first] = file.split(path.sep);
  return `${top}/${first}`;
}

test('when the capability folders of src are read, then none imports another that imports it back', () => {
  const files = importGraph(['src']);
  const folders = new Map<string, Set<string>>();
  for (const [file, imported] of files) {
    const from = capabilityOf(file);
    const targets = folders.get(from) ?? new Set<string>();
    folders.set(from, targets);
    for (const target of imported) if (capabilityOf(target) !== from) targets.add(capabilityOf(target));
  }
  const graph = new Map([...folders].map(([folder, targets]) => [folder, [...targets]]));
  const cycle = findCycle(graph);
  const through = (from: string, to: string) =>
    [...files].filter(([file, imported]) => capabilityOf(file) === from && imported.some((target) => capabilityOf(target) === to));
  assert.equal(
    cycle,
    undefined,
    cycle &&
      `import cycle between folders: ${cycle.join(' → ')}\n${cycle
        .slice(1)
        .map(
          (to, index) =>
            `  ${cycle[index]} → ${to} in ${through(cycle[index] ?? '', to)
              .map(([file]) => file)
              .join(', ')}`,
        )
        .join('\n')}`,
  );
});

test('when the files of src, bench and scripts are read, then none imports itself back through others', () => {
  const cycle = findCycle(importGraph(['src', 'bench', 'scripts']));
  assert.equal(cycle, undefined, cycle && `import cycle: ${cycle.join(' → ')}`);
});
