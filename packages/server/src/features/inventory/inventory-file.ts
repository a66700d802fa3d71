import {
  InputError,
  InventoryDocument,
  type InventoryDocumentInput,
  type InventoryProblem,
  inventoryProblemsOf,
} from '@citysoc/core';
import { isNode, LineCounter, parseDocument, stringify, type Document } from 'yaml';

/** Raised for an inventory that cannot be imported; `details.problems` lists every problem found, not just one. */
export function inventoryProblems(problems: InventoryProblem[]): InputError {
  const first = problems[0];
  const where = first === undefined ? '' : ` at ${describe(first)}`;
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
  return new InputError(`Inventory refused${where}: ${first?.reason ?? 'invalid'}${more}`, { problems });
}

function describe(problem: InventoryProblem): string {
  const path = problem.path.join('.');
  return problem.line === undefined ? path : `line ${problem.line} (${path})`;
}

const MAX_FILE_BYTES = 64 * 1024 * 1024;

/**
 * A parsed inventory file that can still say on which line each part was written, so every refusal names the
 * line. YAML parsing is the `yaml` library's (JSON is YAML, so one parser serves both formats); aliases are
 * capped so a "billion laughs" file is refused instead of expanding.
 */
export interface InventoryText {
  readonly value: unknown;
  lineOf(path: readonly (string | number)[]): number | undefined;
}

export function readInventoryText(text: string): InventoryText {
  if (Buffer.byteLength(text) > MAX_FILE_BYTES) {
    throw new InputError(`Inventory file is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB`);
  }
  const lineCounter = new LineCounter();
  const document: Document = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const lineAt = (offset: number) => lineCounter.linePos(offset).line;
  if (document.errors.length > 0) {
    throw inventoryProblems(
      document.errors.map((error) => ({ path: [], reason: error.message, line: lineAt(error.pos[0]) })),
    );
  }
  let value: unknown;
  try {
    value = document.toJS({ maxAliasCount: 100 });
  } catch (error) {
    throw new InputError(`Inventory file cannot be read: ${(error as Error).message}`);
  }
  return {
    value,
    lineOf(path) {
      // The deepest node that exists on the path: a missing key is reported on its parent's line.
      for (let depth = path.length; depth >= 0; depth -= 1) {
        const node: unknown = depth === 0 ? document.contents : document.getIn(path.slice(0, depth), true);
        if (isNode(node) && node.range) return lineAt(node.range[0]);
      }
      return undefined;
    },
  };
}

/** Validates the file's shape (not yet its references: that needs the store) and names the line of each problem. */
export function parseInventoryDocument(file: InventoryText): InventoryDocument {
  const parsed = InventoryDocument.safeParse(file.value ?? {});
  if (parsed.success) return parsed.data;
  throw inventoryProblems(
    parsed.error.issues.map((issue) => {
      const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
      return { path, reason: issue.message, line: file.lineOf(path) };
    }),
  );
}

/** Adds line numbers to problems found after parsing (unknown ids, cycles, departments out of reach). */
export function withLines(error: unknown, file: InventoryText): unknown {
  if (!(error instanceof InputError)) return error;
  const problems = inventoryProblemsOf(error.details);
  if (problems.length === 0) return error;
  return inventoryProblems(problems.map((p) => ({ ...p, line: file.lineOf(p.path) })));
}

export function formatInventory(document: InventoryDocumentInput, format: 'yaml' | 'json'): string {
  return format === 'json' ? `${JSON.stringify(document, null, 2)}\n` : stringify(document, { lineWidth: 0 });
}
