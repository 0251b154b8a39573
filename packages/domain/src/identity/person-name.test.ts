import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PersonNameErrorCode, validatePersonName } from './person-name';

describe('validatePersonName: Chinese names', () => {
  it.each([
    ['张三', '张三'],
    [' 欧阳娜娜 ', '欧阳娜娜'],
    ['张 三', '张三'],
    ['阿依古丽·买买提', '阿依古丽·买买提'],
    ['阿依古丽•买买提', '阿依古丽·买买提'],
    ['阿依古丽．买买提', '阿依古丽·买买提'],
    ['阿依古丽.买买提', '阿依古丽·买买提'],
    ['阿依古丽・买买提', '阿依古丽·买买提'],
    ['阿依古丽 · 买买提', '阿依古丽·买买提'],
    ['爱新觉罗·玄烨', '爱新觉罗·玄烨'],
    // Rare characters outside the basic block: 𠇔 (Ext B), 㛃 (Ext A); and 〇.
    ['王𠇔', '王𠇔'],
    ['李㛃', '李㛃'],
    ['李〇', '李〇'],
    // A Kangxi radical ⼀ (U+2F00) pasted from a PDF becomes the ideograph 一.
    ['张⼀', '张一'],
    ['\u200B张三', '张三'],
    ['张'.repeat(30), '张'.repeat(30)],
  ])('%s → %s', (input, normalized) => {
    expect(validatePersonName(input)).toEqual({ ok: true, normalized, script: 'han' });
  });
});

describe('validatePersonName: Latin names', () => {
  it.each([
    ['John Smith', 'JOHN SMITH'],
    ['  john   SMITH ', 'JOHN SMITH'],
    ["O'Neil", "O'NEIL"],
    ['O’Neil', "O'NEIL"],
    ['Jean-Paul Sartre', 'JEAN-PAUL SARTRE'],
    ['J. R. R. Tolkien', 'J. R. R. TOLKIEN'],
    ['Martin Luther King Jr.', 'MARTIN LUTHER KING JR.'],
    ['José Müller', 'JOSÉ MÜLLER'],
    ['ＪＯＨＮ ＳＭＩＴＨ', 'JOHN SMITH'],
    ['Li', 'LI'],
    ['A'.repeat(70), 'A'.repeat(70)],
  ])('%s → %s', (input, normalized) => {
    expect(validatePersonName(input)).toEqual({ ok: true, normalized, script: 'latin' });
  });
});

describe('validatePersonName: rejected names', () => {
  const cases: { code: PersonNameErrorCode; input: string; message: RegExp }[] = [
    { code: 'NAME_EMPTY', input: '', message: /请填写姓名/ },
    { code: 'NAME_EMPTY', input: ' \u3000 ', message: /请填写姓名/ },
    { code: 'NAME_INVALID_CHARS', input: '张三1', message: /“1”不是汉字/ },
    { code: 'NAME_INVALID_CHARS', input: '张三（曾用名）', message: /“\(”不是汉字/ },
    { code: 'NAME_INVALID_CHARS', input: '张ㄅ', message: /“ㄅ”不是汉字/ },
    { code: 'NAME_INVALID_CHARS', input: 'John Smith2', message: /“2”不符合/ },
    { code: 'NAME_INVALID_CHARS', input: 'Smith, John', message: /“,”不符合/ },
    { code: 'NAME_INVALID_CHARS', input: 'Иван', message: /“И”不符合/ },
    { code: 'NAME_INVALID_CHARS', input: '123', message: /“1”不符合/ },
    { code: 'NAME_MIXED_SCRIPT', input: '王yan', message: /生僻字/ },
    { code: 'NAME_MIXED_SCRIPT', input: 'JOHN·张', message: /不能同时包含汉字和外文字母/ },
    { code: 'NAME_BAD_DOT', input: '·买买提', message: /两个汉字之间/ },
    { code: 'NAME_BAD_DOT', input: '买买提·', message: /两个汉字之间/ },
    { code: 'NAME_BAD_DOT', input: '阿依古丽··买买提', message: /两个汉字之间/ },
    { code: 'NAME_BAD_DOT', input: '阿依古丽.•买买提', message: /两个汉字之间/ },
    { code: 'NAME_BAD_PUNCTUATION', input: '-John', message: /以字母开头/ },
    { code: 'NAME_BAD_PUNCTUATION', input: "John'", message: /以字母开头/ },
    { code: 'NAME_BAD_PUNCTUATION', input: 'Jean--Paul', message: /不能连用/ },
    { code: 'NAME_BAD_PUNCTUATION', input: 'Jean - Paul', message: /紧挨空格/ },
    { code: 'NAME_BAD_PUNCTUATION', input: 'J .Smith', message: /紧挨空格/ },
    { code: 'NAME_TOO_SHORT', input: '张', message: /至少应有2个汉字/ },
    { code: 'NAME_TOO_SHORT', input: 'J', message: /至少应有2个字母/ },
    { code: 'NAME_TOO_SHORT', input: 'J.', message: /至少应有2个字母/ },
    { code: 'NAME_TOO_LONG', input: '张'.repeat(31), message: /最多30个字，现为31个/ },
    { code: 'NAME_TOO_LONG', input: `${'张'.repeat(15)}·${'李'.repeat(15)}`, message: /现为31个/ },
    { code: 'NAME_TOO_LONG', input: 'A'.repeat(71), message: /最多70个字符，现为71个/ },
  ];

  it.each(cases)('$code: "$input"', ({ code, input, message }) => {
    const result = validatePersonName(input);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.code).toBe(code);
    expect(result.message).toMatch(message);
  });

  it('has a case for every error code', () => {
    expect(new Set(cases.map((c) => c.code))).toEqual(new Set(Object.values(PersonNameErrorCode)));
  });
});

describe('validatePersonName: properties', () => {
  const hanChar = fc.integer({ min: 0x4e00, max: 0x9fff }).map((c) => String.fromCodePoint(c));
  const hanPart = fc.array(hanChar, { minLength: 1, maxLength: 8 }).map((a) => a.join(''));

  it('a Han name with any dot variant between its parts normalises to "·" and is idempotent', () => {
    fc.assert(
      fc.property(fc.array(hanPart, { minLength: 1, maxLength: 3 }), fc.constantFrom(...'·•．.・'), (parts, dot) => {
        fc.pre(parts.join('').length >= 2);
        const result = validatePersonName(parts.join(dot));
        if (!result.ok) return false;
        const again = validatePersonName(result.normalized);
        return result.normalized === parts.join('·') && again.ok && again.normalized === result.normalized;
      }),
    );
  });

  it('a Latin name of words normalises to upper case with single spaces and is idempotent', () => {
    const letters = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
    const word = fc.string({ unit: fc.constantFrom(...letters), minLength: 2, maxLength: 10 });
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 5 }), fc.constantFrom(' ', '  ', '\t'), (words, gap) => {
        const result = validatePersonName(words.join(gap));
        if (!result.ok) return false;
        const again = validatePersonName(result.normalized);
        return result.normalized === words.join(' ').toUpperCase() && again.ok && again.normalized === result.normalized;
      }),
    );
  });

  it('never throws on arbitrary input', () => {
    const codes = new Set<string>(Object.values(PersonNameErrorCode));
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (input) => {
        const result = validatePersonName(input);
        return result.ok || (codes.has(result.code) && result.message.length > 0);
      }),
    );
  });
});
