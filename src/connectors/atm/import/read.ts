import { readFile, stat } from 'node:fs/promises';
import { parseAtms } from './detect';
import { AtmImportError, type AtmFormat, type ParseOptions, type ParsedAtms } from './types';

/** Larger than any national ATM export (the UK's whole OSM set is a few MB). */
export const MAX_FILE_BYTES = 256 * 1024 * 1024;

/** Reads and parses an ATM file (JSON; a UTF-8 byte-order mark is allowed). */
export async function readAtmFile(
  path: string,
  format?: AtmFormat,
  o: ParseOptions = {},
): Promise<ParsedAtms> {
  let text: string;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new Error('not a regular file');
    if (info.size > MAX_FILE_BYTES) throw new Error(`larger than ${MAX_FILE_BYTES} bytes`);
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new AtmImportError('TELLER_ERR_ATM_IMPORT_FILE', `Cannot read ATM file ${path}: ${reason(err)}`, {
      cause: err,
    });
  }
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new AtmImportError('TELLER_ERR_ATM_IMPORT_FORMAT', `${path} is not valid JSON`, { cause: err });
  }
  return parseAtms(json, format, o);
}

function reason(err: unknown): string {
  const code = (err as { code?: unknown }).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'not a regular file';
  return err instanceof Error ? err.message : String(err);
}
