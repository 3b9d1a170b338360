import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { countChars, formFields, validateForm, type FormFieldsInput, type FormValues } from '../core/form-fields';
import { rssAnsokan } from '../db/seed/forms/rss-ansokan';
import { t, zodErrorMaps, type Locale } from '../i18n';

const label = (sv: string, en = sv) => ({ sv, en });
const fields = (input: FormFieldsInput) => formFields.parse(input);
const check = (input: FormFieldsInput, values: unknown, mode: 'draft' | 'submit' = 'submit', locale: Locale = 'sv') =>
  validateForm(fields(input), values, { locale, mode, t });
/** The messages a bad definition gets, in Swedish, by path. */
const refusals = (input: unknown) => {
  const result = formFields.safeParse(input, { error: zodErrorMaps.sv });
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

const priority: FormFieldsInput = [
  { key: 'priority', kind: 'longText', maxChars: 1000, required: true, label: label('Prioritering för året', 'Priorities for the year') },
];
const contacts: FormFieldsInput = [
  {
    key: 'contacts',
    kind: 'group',
    required: true,
    minRows: 1,
    maxRows: 3,
    label: label('Kontaktuppgifter', 'Contacts'),
    fields: [
      { key: 'name', kind: 'text', required: true, label: label('Namn', 'Name') },
      { key: 'email', kind: 'email', required: true, label: label('E-post', 'E-mail') },
    ],
  },
];
const plan: FormFieldsInput = [
  {
    key: 'plan',
    kind: 'choice',
    required: true,
    label: label('Genomförandeplan'),
    options: [
      { value: 'template', label: label('Mallen') },
      { value: 'attached', label: label('Bifogad') },
    ],
  },
  {
    key: 'planFile',
    kind: 'attachment',
    required: true,
    showIf: { field: 'plan', equals: 'attached' },
    label: label('Bifogad plan'),
    accept: ['application/pdf'],
    maxBytes: 1_000_000,
  },
];

describe('countChars', () => {
  it('counts a family emoji, an e with a combining accent and Swedish letters as one character each', () => {
    expect(countChars('👩‍👩‍👧')).toBe(1);
    expect(countChars('e\u0301')).toBe(1);
    expect(countChars('åäöÅÄÖ')).toBe(6);
  });

  it('counts a line break as one character, also as the \\r\\n a textarea submits', () => {
    expect(countChars('a\nb')).toBe(3);
    expect(countChars('a\r\nb')).toBe(3);
  });

  it('counts N grapheme clusters as N, however they are put together', () => {
    const clusters = ['a', 'Z', '7', ' ', 'å', 'Ö', 'ß', '中', 'e\u0301', 'o\u0308\u0304', '👩‍👩‍👧', '👍🏽', '🇸🇪', '\n', '\r\n', '\t'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...clusters), { maxLength: 300 }), (parts) => countChars(parts.join('')) === parts.length),
    );
  });
});

describe('a character limit', () => {
  const of = (unit: string, n: number) => unit.repeat(n);
  for (const [name, unit] of [
    ['emoji', '👩‍👩‍👧'],
    ['combining marks', 'e\u0301'],
    ['Swedish letters', 'å'],
    ['line breaks', 'ä\r\n'],
  ] as const) {
    const units = unit === 'ä\r\n' ? 500 : 1000;
    it(`accepts exactly 1000 characters of ${name}`, () => {
      const result = check(priority, { priority: of(unit, units) }, 'submit');
      expect(result.problems).toEqual([]);
    });

    it(`refuses 1001 characters of ${name}, naming the field and the count`, () => {
      const result = check(priority, { priority: `Ö${of(unit, units)}` }, 'draft');
      expect(result.problems).toEqual([{ field: 'priority', message: 'Prioritering för året: högst 1000 tecken (du har 1001)' }]);
      expect(result.values).toEqual({});
    });
  }

  it('says it in English too', () => {
    const result = check(priority, { priority: 'é'.repeat(1001) }, 'draft', 'en');
    expect(result.problems[0]!.message).toBe('Priorities for the year: at most 1000 characters (you have 1001)');
  });

  it('keeps line breaks as \\n, whichever door they came through', () => {
    expect(check(priority, { priority: 'ett\r\ntvå' }).values).toEqual({ priority: 'ett\ntvå' });
  });
});

describe('required fields', () => {
  it('must be filled in to submit', () => {
    expect(check(priority, { priority: '  ' }, 'submit').problems).toEqual([
      { field: 'priority', message: 'Prioritering för året: obligatoriskt' },
    ]);
  });

  it('may be empty in a draft', () => {
    expect(check(priority, {}, 'draft')).toEqual({ values: {}, problems: [] });
  });

  it('means a required tick box must be ticked to submit', () => {
    const tick: FormFieldsInput = [{ key: 'network', kind: 'tick', required: true, label: label('Nätverk') }];
    expect(check(tick, {}, 'submit').problems).toEqual([{ field: 'network', message: 'Nätverk: obligatoriskt' }]);
    expect(check(tick, { network: 'on' }, 'submit')).toEqual({ values: { network: true }, problems: [] });
  });
});

describe('a field shown on another field’s value', () => {
  it('is not required while hidden', () => {
    expect(check(plan, { plan: 'template' }, 'submit')).toEqual({ values: { plan: 'template' }, problems: [] });
  });

  it('is dropped while hidden, even when a value was sent', () => {
    const file = { id: 'f1', name: 'plan.pdf', type: 'application/pdf', size: 10 };
    expect(check(plan, { plan: 'template', planFile: file }).values).toEqual({ plan: 'template' });
  });

  it('is required and checked while shown', () => {
    expect(check(plan, { plan: 'attached' }).problems).toEqual([{ field: 'planFile', message: 'Bifogad plan: obligatoriskt' }]);
    const big = { id: 'f1', name: 'plan.pdf', type: 'application/pdf', size: 2_500_000 };
    expect(check(plan, { plan: 'attached', planFile: big }, 'draft').problems).toEqual([
      { field: 'planFile', message: 'Bifogad plan: filen är 2,5 MB, högst 1 MB tas emot' },
    ]);
  });
});

describe('a repeating group', () => {
  it('checks each row with the row’s index in the field’s path', () => {
    const result = check(contacts, {
      contacts: [
        { name: 'Anna', email: 'anna@example.se' },
        { name: 'Bo', email: 'bo@' },
      ],
    });
    expect(result.problems).toEqual([
      { field: 'contacts.1.email', message: 'Kontaktuppgifter, rad 2, E-post: ”bo@” är ingen e-postadress' },
    ]);
  });

  it('requires a row to submit but not in a draft, and drops blank rows', () => {
    const blank = { contacts: [{ name: ' ', email: '' }] };
    expect(check(contacts, blank, 'submit').problems).toEqual([{ field: 'contacts', message: 'Kontaktuppgifter: obligatoriskt' }]);
    expect(check(contacts, blank, 'draft')).toEqual({ values: {}, problems: [] });
  });

  it('requires every required field of a row that is begun', () => {
    expect(check(contacts, { contacts: [{ name: 'Anna' }] }, 'submit').problems).toEqual([
      { field: 'contacts.0.email', message: 'Kontaktuppgifter, rad 1, E-post: obligatoriskt' },
    ]);
  });

  it('refuses more rows than its maximum, also in a draft', () => {
    const rows = ['a', 'b', 'c', 'd'].map((n) => ({ name: n, email: `${n}@example.se` }));
    expect(check(contacts, { contacts: rows }, 'draft').problems).toEqual([
      { field: 'contacts', message: 'Kontaktuppgifter: högst 3 rader (du har 4)' },
    ]);
  });
});

describe('values of each kind', () => {
  const kinds: FormFieldsInput = [
    { key: 'amount', kind: 'number', min: 0, max: 600_000, label: label('Belopp') },
    { key: 'due', kind: 'date', label: label('Datum') },
    { key: 'county', kind: 'choice', label: label('Län'), options: [{ value: 'dalarna', label: label('Dalarna') }] },
  ];

  it('reads Swedish numbers and calendar dates', () => {
    const result = check(kinds, { amount: '400 000,5', due: '2027-05-31', county: 'dalarna' });
    expect(result).toEqual({ values: { amount: 400_000.5, due: '2027-05-31', county: 'dalarna' } satisfies FormValues, problems: [] });
  });

  it('refuses a number over its maximum, a date that does not exist and an unknown option', () => {
    const result = check(kinds, { amount: 600_001, due: '2027-02-30', county: 'atlantis' }, 'draft');
    expect(result.problems.map((p) => p.message)).toEqual([
      'Belopp: högst 600\u00a0000',
      'Datum: ska vara ett datum som 2027-05-31',
      'Län: ”atlantis” finns inte bland alternativen',
    ]);
  });
});

describe('a definition of fields', () => {
  it('refuses a key used twice on the same level', () => {
    expect(refusals([...priority, ...priority])).toEqual(['1.key: fältet priority finns redan på samma nivå']);
  });

  it('refuses showIf naming a field that does not exist', () => {
    expect(refusals([{ ...plan[1], showIf: { field: 'nothing', equals: 'x' } }])).toEqual([
      '0.showIf.field: showIf: det finns inget fält nothing på samma nivå',
    ]);
  });

  it('refuses showIf naming a later field', () => {
    expect(refusals([plan[1], plan[0]])).toEqual([
      '0.showIf.field: showIf: fältet plan kommer inte före det här fältet; ett fält kan bara visas utifrån ett tidigare',
    ]);
  });

  it('refuses showIf on a value that is not one of the options', () => {
    expect(refusals([plan[0], { ...plan[1], showIf: { field: 'plan', equals: 'mailed' } }])).toEqual([
      '1.showIf.equals: showIf: mailed är inget alternativ i fältet plan',
    ]);
  });

  it('refuses a choice without options', () => {
    expect(refusals([{ ...plan[0], options: [] }])).toHaveLength(1);
  });

  it('refuses a key that cannot be part of a path', () => {
    expect(refusals([{ ...priority[0], key: 'contacts.0' }])[0]).toContain('ingen giltig fältnyckel');
  });

  it('checks the fields of a group on their own level', () => {
    const group = {
      ...contacts[0],
      fields: [
        { key: 'name', kind: 'text', label: label('Namn') },
        { key: 'name', kind: 'email', label: label('E') },
      ],
    };
    expect(refusals([group])).toEqual(['0.fields.1.key: fältet name finns redan på samma nivå']);
  });
});

describe('the SKR/RSS application template', () => {
  it('parses, with the four goal areas at 1000 characters and support wanted at 500', () => {
    const parsed = fields(rssAnsokan);
    const limits = parsed.flatMap((f) => (f.kind === 'longText' ? [[f.key, f.maxChars]] : []));
    expect(limits).toHaveLength(9);
    expect(limits.filter(([, max]) => max === 1000)).toHaveLength(8);
    expect(Object.fromEntries(limits).supportWanted).toBe(500);
    expect(parsed.find((f) => f.key === 'county')).toMatchObject({ kind: 'choice' });
    expect(parsed.filter((f) => f.kind === 'tick').map((f) => f.key)).toEqual(['staffing', 'network', 'reporting']);
  });

  it('lists all 21 counties', () => {
    const county = fields(rssAnsokan).find((f) => f.key === 'county');
    expect(county?.kind === 'choice' && county.options.length).toBe(21);
  });
});
