/**
 * Reads labelled NLU examples from CSV.
 *
 * - Header row required. Text column: `text`. Label column: the first of `category`,
 *   `intent`, `label` that is present (case-insensitive header match).
 * - CRLF or LF line endings, quoted fields (including multi-line ones, whose line breaks are
 *   returned as "\n"), UTF-8 BOM; blank lines are skipped.
 * - Rows labelled `oos` or `out_of_scope` (any case) are out-of-scope examples: they are
 *   returned with `intent: null`. Use {@link splitExamples} to separate them.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { TrainingExample } from './types';

/** A labelled row; `intent === null` means the row is out of scope ("no intent"). */
export interface LabelledExample {
  text: string;
  intent: string | null;
}

export const TEXT_COLUMN = 'text';
export const LABEL_COLUMNS = ['category', 'intent', 'label'] as const;
export const OOS_LABELS: ReadonlySet<string> = new Set(['oos', 'out_of_scope']);

export class CsvFormatError extends Error {
  readonly code = 'TELLER_ERR_NLU_CSV';
  constructor(message: string) {
    super(message);
    this.name = 'CsvFormatError';
  }
}

/** Parses CSV text (see module docs for the accepted format). */
export function parseExamplesCsv(content: string, source = 'CSV'): LabelledExample[] {
  const rows = parse(content, {
    bom: true,
    relax_column_count: true,
    skip_empty_lines: true,
  }) as string[][];
  const header = rows[0];
  if (!header) throw new CsvFormatError(`${source}: empty file, expected a header row`);
  const names = header.map((h) => h.trim().toLowerCase());
  const textCol = names.indexOf(TEXT_COLUMN);
  if (textCol < 0) throw new CsvFormatError(`${source}: no "${TEXT_COLUMN}" column in header`);
  const labelName = LABEL_COLUMNS.find((c) => names.includes(c));
  if (!labelName) {
    throw new CsvFormatError(`${source}: no label column; expected one of ${LABEL_COLUMNS.join(', ')}`);
  }
  const labelCol = names.indexOf(labelName);
  const out: LabelledExample[] = [];
  for (let r = 1; r < rows.length; r++) {
    const row = rows[r] as string[];
    const text = (row[textCol] ?? '').replace(/\r\n?/g, '\n').trim();
    const label = (row[labelCol] ?? '').trim();
    if (text === '' && label === '') continue;
    if (label === '') throw new CsvFormatError(`${source}: row ${r + 1} has no label`);
    out.push({ text, intent: OOS_LABELS.has(label.toLowerCase()) ? null : label });
  }
  return out;
}

/** Reads and parses a CSV file of labelled examples. */
export function readExamplesCsv(path: string): LabelledExample[] {
  return parseExamplesCsv(readFileSync(path, 'utf8'), path);
}

/** Splits rows into in-scope training examples and out-of-scope texts. */
export function splitExamples(rows: readonly LabelledExample[]): {
  inScope: TrainingExample[];
  outOfScope: string[];
} {
  const inScope: TrainingExample[] = [];
  const outOfScope: string[] = [];
  for (const r of rows) {
    if (r.intent === null) outOfScope.push(r.text);
    else inScope.push({ text: r.text, intent: r.intent });
  }
  return { inScope, outOfScope };
}
