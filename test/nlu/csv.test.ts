import { join } from 'node:path';
import { CsvFormatError, parseExamplesCsv, readExamplesCsv, splitExamples } from '../../src/nlu/csv';

const fixture = (name: string): string => join(__dirname, 'fixtures', name);

describe('readExamplesCsv', () => {
  it('reads CRLF files with quoted multi-line fields and a "category" column', () => {
    const rows = readExamplesCsv(fixture('crlf-category.csv'));
    expect(rows).toEqual([
      { text: 'what is my balance', intent: 'balance' },
      { text: 'show my balance,\nplease', intent: 'balance' },
      { text: 'he said "hi"', intent: 'greeting' },
      { text: 'hello there', intent: 'greeting' },
      { text: 'what is the weather', intent: null },
    ]);
  });

  it('reads an "intent" column in any position and maps out_of_scope to null', () => {
    expect(readExamplesCsv(fixture('intent-column.csv'))).toEqual([
      { text: 'how much money do i have', intent: 'balance' },
      { text: 'hi\nthere', intent: 'greeting' },
      { text: 'sing me a song', intent: null },
    ]);
  });

  it('reads a "label" column, ignoring a BOM and header case; OOS in any case is out of scope', () => {
    expect(readExamplesCsv(fixture('label-column.csv'))).toEqual([
      { text: 'find an atm', intent: 'atm' },
      { text: 'cash machine, nearby', intent: 'atm' },
      { text: 'Tell me a joke', intent: null },
    ]);
  });

  it('prefers category over intent over label when several are present', () => {
    const rows = parseExamplesCsv('label,intent,text,category\nl,i,hello,c\n');
    expect(rows).toEqual([{ text: 'hello', intent: 'c' }]);
    expect(parseExamplesCsv('label,text,intent\nl,hello,i\n')).toEqual([{ text: 'hello', intent: 'i' }]);
  });

  it('rejects files without the needed columns, with a stable error code', () => {
    expect(() => parseExamplesCsv('sentence,category\nhi,greeting\n')).toThrow(CsvFormatError);
    expect(() => parseExamplesCsv('text,foo\nhi,greeting\n')).toThrow(/label column/);
    expect(() => parseExamplesCsv('')).toThrow(expect.objectContaining({ code: 'TELLER_ERR_NLU_CSV' }));
  });

  it('splits in-scope examples from out-of-scope texts', () => {
    const { inScope, outOfScope } = splitExamples(readExamplesCsv(fixture('crlf-category.csv')));
    expect(inScope).toHaveLength(4);
    expect(outOfScope).toEqual(['what is the weather']);
  });
});
