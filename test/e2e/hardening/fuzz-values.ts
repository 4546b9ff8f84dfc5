import fc from 'fast-check';

/** Hostile values and bytes for the contract fuzzer (fuzz.test.ts). */

// ---- hostile values ------------------------------------------------------------------------------

export const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));
export const control = fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c));
export const nastyChar = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
  { weight: 1, arbitrary: loneSurrogate },
  { weight: 1, arbitrary: control },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '\u0000',
      '\u202e',
      '\ufeff',
      '\u200b',
      '\uffff',
      '\u{1f4a9}',
      '"',
      "'",
      '\\',
      '%',
      '*',
      '^',
      ':',
      '(',
      ')',
      ',',
      '-',
      '/',
    ),
  },
);
export const NASTY_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  '\udfff\ud800',
  "'; DROP TABLE tasks; --",
  '" OR 1=1 --',
  "1' OR '1'='1",
  'x) UNION SELECT * FROM meta --',
  'NEAR(auth token, 2)',
  'auth* OR token NOT x',
  '"unterminated',
  '(((',
  'AND',
  'OR OR OR',
  '*',
  '-',
  '^start',
  'title:secret',
  '{title body}: x',
  'tags : x',
  '"" "" ""',
  "x' AND 1=0 UNION SELECT sql FROM sqlite_master --",
  '../../etc/passwd',
  '..%2f..%2fetc',
  '%00',
  '${process.env}',
  '<script>alert(1)</script>',
  '__proto__',
  'constructor',
  'T-0',
  'T-000',
  'T-1e3',
  'T--1',
  'T-999999999',
  't-001',
  'T-0000000001',
  'D-0',
  'D-999999999',
  '00000000-0000-0000-0000-000000000000',
  'NaN',
  'Infinity',
  '-Infinity',
  '1e999',
  '-1',
  '0x10',
  '9007199254740993',
  ' 5',
  '5 ',
  '1.5',
  'true',
  'null',
  'open,open,open',
  'open,',
  ',',
  'in-progress,bogus',
  'task.*',
  '*.*',
  '%',
  '_',
];
export const hugeString = fc.oneof(
  fc.integer({ min: 1_000, max: 300_000 }).map((n) => 'x'.repeat(n)),
  fc.integer({ min: 100, max: 20_000 }).map((n) => '\u{1f4a9}'.repeat(n)),
  fc.integer({ min: 100, max: 20_000 }).map((n) => 'a*" OR '.repeat(n)),
);
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
  { weight: 3, arbitrary: fc.string({ unit: nastyChar, maxLength: 60 }) },
  { weight: 1, arbitrary: hugeString },
);
export const hostileNumber = fc.oneof(
  fc.constantFrom(
    -1,
    0,
    -0,
    1.5,
    1e308,
    -1e308,
    2 ** 53 + 2,
    Number.MAX_SAFE_INTEGER,
    Number.MIN_SAFE_INTEGER,
    2 ** 31,
    -(2 ** 31) - 1,
    5e-324,
  ),
  fc.integer(),
  fc.double(), // NaN and ±Infinity become null once serialized
);
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: hostileString },
  { weight: 3, arbitrary: hostileNumber },
  {
    weight: 1,
    arbitrary: fc.constantFrom(null, true, false, [], {}, [null], { $gt: '' }, { __proto__: { polluted: true } }),
  },
  { weight: 1, arbitrary: fc.array(hostileString, { maxLength: 5 }) },
  {
    weight: 1,
    arbitrary: fc.integer({ min: 101, max: 5_000 }).map((n) => Array.from({ length: n }, (_, i) => `T-${i}`)),
  },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
);

// ---- request bodies and headers no schema wants -----------------------------------------------

/** Bytes that are not JSON, or JSON no schema wants. */
export const badJsonText = fc.oneof(
  fc.constantFrom(
    '',
    '{',
    '}',
    '{"title": }',
    '{"title": "x",}',
    '[1,]',
    '{"title": NaN}',
    '{"lease_seconds": Infinity}',
    '{"title": undefined}',
    "{'title': 'x'}",
    '{"title": "x"} {"title": "y"}',
    '\ufeff{"title": "bom"}',
    '{"title": "\\ud800"}',
    '{"title": "\\u0000"}',
    '{"title": "x", "title": "dup"}',
    '{"agent": "a", "__proto__": {"agent": "b"}}',
    'null',
    'true',
    '0',
    '-1e999',
    '"just a string"',
    '[]',
    '[[[[[[[[[[]]]]]]]]]]',
  ),
  fc.integer({ min: 1_000, max: 100_000 }).map((n) => '['.repeat(n) + ']'.repeat(n)),
  fc.integer({ min: 1_000, max: 50_000 }).map((n) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`),
  fc.string({ unit: nastyChar, maxLength: 200 }),
);
export const invalidUtf8 = fc.constantFrom(
  Buffer.from([0xff, 0xfe, 0xfd]),
  Buffer.concat([Buffer.from('{"title": "'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('"}')]),
  Buffer.concat([Buffer.from('{"title": "'), Buffer.from([0xc0, 0x80]), Buffer.from('"}')]),
  Buffer.from([0xef, 0xbb, 0xbf, 0x7b, 0x7d]),
);
export const contentType = fc.oneof(
  { weight: 8, arbitrary: fc.constant('application/json') },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      'application/json; charset=utf-16',
      'APPLICATION/JSON',
      'application/json;;',
      'application/json, text/plain',
      'text/plain',
      'application/x-www-form-urlencoded',
      'application/vnd.api+json',
      '*/*',
      '',
    ),
  },
);
