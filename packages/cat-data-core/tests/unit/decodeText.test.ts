import { describe, expect, it } from 'vitest';
import { CsvEncodingError, decodeText } from '../../src/index.js';
import { fixtureBytes } from '../support/fixtures.js';

describe('decodeText', () => {
  it('strips a UTF-8 BOM', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('個体番号,a\n')]);
    expect(decodeText(bytes)).toEqual({ text: '個体番号,a\n', encoding: 'utf-8' });
  });

  it('reads UTF-8 without BOM', () => {
    expect(decodeText(new TextEncoder().encode('猫,1'))).toEqual({ text: '猫,1', encoding: 'utf-8' });
  });

  it('falls back to Shift_JIS (CP932) when the bytes are not UTF-8', () => {
    // Prepare: a fixture written by Python's cp932 codec
    const bytes = fixtureBytes('shelter-sjis.csv');
    // Act
    const { text, encoding } = decodeText(bytes);
    // Assess
    expect(encoding).toBe('shift_jis');
    expect(text.split('\r\n')[0]).toBe(
      '個体番号,種類,性別,毛色,収容日,収容区分,処分日,処分区分,都道府県,市区町村,備考',
    );
    expect(text).toContain('令和５年６月１日');
  });

  it('says what to do when a declared encoding does not fit', () => {
    expect(() => decodeText(fixtureBytes('shelter-sjis.csv'), 'utf-8')).toThrow(CsvEncodingError);
    expect(() => decodeText(new Uint8Array([0x82]), 'shift_jis')).toThrow(/not valid Shift_JIS/);
    expect(() => decodeText(new Uint8Array([0xff, 0xff, 0xff]))).toThrow(/neither UTF-8 nor Shift_JIS/);
  });
});
