import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/index.js';

describe('parseCsv', () => {
  it('handles quotes, doubled quotes, separators and line breaks inside quotes, and counts lines', () => {
    // Prepare
    const text = 'id,name,note\r\n1,"Tama, the ""boss""",x\r\n2,"two\nlines",y\r\n\r\n3,,\r\n';
    // Act
    const records = [...parseCsv(text)];
    // Assess
    expect(records).toEqual([
      { line: 1, lastLine: 1, fields: ['id', 'name', 'note'] },
      { line: 2, lastLine: 2, fields: ['1', 'Tama, the "boss"', 'x'] },
      { line: 3, lastLine: 4, fields: ['2', 'two\nlines', 'y'] },
      { line: 6, lastLine: 6, fields: ['3', '', ''] },
    ]);
  });

  it('reads a last line without a line break, LF files and other delimiters', () => {
    expect([...parseCsv('a;b\n1;2', ';')]).toEqual([
      { line: 1, lastLine: 1, fields: ['a', 'b'] },
      { line: 2, lastLine: 2, fields: ['1', '2'] },
    ]);
  });

  it('reports an unterminated quote on its record and goes on with the next line, losing no other row', () => {
    // Prepare: the stray quote on line 3 would otherwise swallow lines 3 to 6 into one cell
    const text = 'id,name\r\n1,Tama\r\n2,"Mike\r\n3,Kuro\r\n4,"Shiro, the ""white"""\r\n5,Sora\r\n';
    // Act
    const records = [...parseCsv(text)];
    // Assess
    expect(records).toEqual([
      { line: 1, lastLine: 1, fields: ['id', 'name'] },
      { line: 2, lastLine: 2, fields: ['1', 'Tama'] },
      {
        line: 3,
        lastLine: 3,
        fields: ['2', 'Mike'],
        problem:
          'unterminated quote: the quote opened on line 3 pairs with one on line 5 that does not end a cell',
      },
      { line: 4, lastLine: 4, fields: ['3', 'Kuro'] },
      { line: 5, lastLine: 5, fields: ['4', 'Shiro, the "white"'] },
      { line: 6, lastLine: 6, fields: ['5', 'Sora'] },
    ]);
  });

  it('reports a quote never closed until the end of the file, and reads the lines after it', () => {
    // Prepare
    const text = 'id,name\n1,"Tama\n2,Mike\n3,Kuro';
    // Act
    const records = [...parseCsv(text)];
    // Assess
    expect(records).toEqual([
      { line: 1, lastLine: 1, fields: ['id', 'name'] },
      {
        line: 2,
        lastLine: 2,
        fields: ['1', 'Tama'],
        problem: 'unterminated quote: the quoted field opened on line 2 is never closed',
      },
      { line: 3, lastLine: 3, fields: ['2', 'Mike'] },
      { line: 4, lastLine: 4, fields: ['3', 'Kuro'] },
    ]);
  });
});
