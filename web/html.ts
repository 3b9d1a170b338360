/** HTML built from template literals: interpolated values are escaped unless marked safe. */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString() {
    return this.value;
  }
}

const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => escapes[c]!);

type Value = string | number | SafeHtml | null | undefined | false | Value[];

function render(v: Value): string {
  if (v === null || v === undefined || v === false) return '';
  if (Array.isArray(v)) return v.map(render).join('');
  if (v instanceof SafeHtml) return v.value;
  return escapeHtml(String(v));
}

export function html(strings: TemplateStringsArray, ...values: Value[]): SafeHtml {
  let out = strings[0]!;
  values.forEach((v, i) => {
    out += render(v) + strings[i + 1]!;
  });
  return new SafeHtml(out);
}

/**
 * A stylesheet written in source, for a page's <style> element. It takes no values (the compiler
 * refuses an interpolation), so nothing from a request or the records can reach it, and it may not
 * end its element early.
 */
export function css(strings: TemplateStringsArray, ...values: never[]): SafeHtml {
  if (values.length > 0) throw new Error('a stylesheet takes no values');
  const text = strings[0]!;
  if (/<\/style/i.test(text)) throw new Error('a stylesheet may not contain </style');
  return new SafeHtml(text);
}
