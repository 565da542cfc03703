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
      { line: 1, fields: ['id', 'name', 'note'] },
      { line: 2, fields: ['1', 'Tama, the "boss"', 'x'] },
      { line: 3, fields: ['2', 'two\nlines', 'y'] },
      { line: 6, fields: ['3', '', ''] },
    ]);
  });

  it('reads a last line without a line break, LF files and other delimiters', () => {
    expect([...parseCsv('a;b\n1;2', ';')]).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1', '2'] },
    ]);
  });

  it('keeps an unterminated quoted field rather than losing the rest of the file silently', () => {
    expect([...parseCsv('a,b\n1,"open')]).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1', 'open'] },
    ]);
  });
});
