import type { FormFields, FormValues } from './form-fields';

/**
 * The exact content a signer signs: the fields as the definition states them and the values, as
 * JSON with keys in sorted order, so the same content always gives the same text and hash.
 */
export function canonicalFormContent(fields: FormFields, values: FormValues): string {
  return canonicalJson({ fields, values });
}

export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
