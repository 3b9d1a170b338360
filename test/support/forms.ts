import type { FastifyInstance, LightMyRequestResponse } from 'fastify';

/**
 * A form of a page as a browser without JavaScript would send it: its hidden fields, its ticked
 * boxes and its text as the page filled them in. A test changes only what a person would, and a
 * field the page does not offer fails the test, so what is posted is what the page asks for.
 */

const unescape = (s: string) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

function attributes(tag: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const m of tag.matchAll(/([a-z-]+)(?:="([^"]*)")?/g)) found.set(m[1]!, unescape(m[2] ?? ''));
  return found;
}

interface Field {
  name: string;
  value: string;
  kind: 'text' | 'checkbox' | 'radio';
  on: boolean;
  /** A select's options: only these can be chosen. */
  options?: Map<string, string>[];
}

export class PageForm {
  private constructor(
    readonly action: string,
    private readonly fields: Field[],
    private readonly cookie: string | undefined,
  ) {}

  /** The form on the page whose action starts with `action`; `cookie` is what the browser holds after the page. */
  static on(page: string, action: string, cookie?: string): PageForm {
    for (const [, open, inner] of page.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)) {
      const target = attributes(open!).get('action') ?? '';
      if (!target.startsWith(action)) continue;
      const fields: Field[] = [];
      for (const [, tag] of inner!.matchAll(/<input\b([^>]*)>/g)) {
        const a = attributes(tag!);
        const type = a.get('type') ?? 'text';
        if (!a.has('name') || type === 'file' || type === 'submit') continue;
        const kind = type === 'checkbox' || type === 'radio' ? type : 'text';
        fields.push({
          name: a.get('name')!,
          value: a.get('value') ?? (kind === 'text' ? '' : 'on'),
          kind,
          on: kind === 'text' || a.has('checked'),
        });
      }
      for (const [, tag, options] of inner!.matchAll(/<select\b([^>]*)>([\s\S]*?)<\/select>/g)) {
        const values = [...options!.matchAll(/<option\b([^>]*)>/g)].map(([, o]) => attributes(o!));
        const name = attributes(tag!).get('name')!;
        fields.push({ name, value: values.find((o) => o.has('selected'))?.get('value') ?? '', kind: 'text', on: true, options: values });
      }
      for (const [, tag, text] of inner!.matchAll(/<textarea\b([^>]*)>([\s\S]*?)<\/textarea>/g)) {
        fields.push({ name: attributes(tag!).get('name')!, value: unescape(text!), kind: 'text', on: true });
      }
      return new PageForm(target, fields, cookie);
    }
    throw new Error(`no form posting to ${action} on the page`);
  }

  private field(name: string, kind: Field['kind'], value?: string): Field {
    const f = this.fields.find((x) => x.name === name && x.kind === kind && (value === undefined || x.value === value));
    if (!f) throw new Error(`the form to ${this.action} has no ${kind} ${name}${value === undefined ? '' : `=${value}`}`);
    return f;
  }

  /** Writes in a text field or text area. */
  fill(name: string, value: string): this {
    this.field(name, 'text').value = value;
    return this;
  }

  /** Chooses an option of a select, by its value. */
  select(name: string, value: string): this {
    const f = this.field(name, 'text');
    if (!f.options?.some((o) => o.get('value') === value)) throw new Error(`the form to ${this.action} offers no ${name}=${value}`);
    f.value = value;
    return this;
  }

  /** Ticks or unticks a checkbox. */
  tick(name: string, value: string, on = true): this {
    this.field(name, 'checkbox', value).on = on;
    return this;
  }

  /** Chooses one radio button of a group. */
  choose(name: string, value: string): this {
    for (const f of this.fields.filter((x) => x.name === name && x.kind === 'radio')) f.on = false;
    this.field(name, 'radio', value).on = true;
    return this;
  }

  /** What a text field or text area holds now. */
  value(name: string): string {
    return this.field(name, 'text').value;
  }

  /** The boxes of a name ticked now. */
  ticked(name: string): string[] {
    return this.fields.filter((f) => f.name === name && f.kind === 'checkbox' && f.on).map((f) => f.value);
  }

  /** Posts the form as a browser does, with the cookie of the session it was shown in. */
  submit(app: FastifyInstance, cookie = this.cookie): Promise<LightMyRequestResponse> {
    const body = new URLSearchParams(this.fields.filter((f) => f.on).map((f): [string, string] => [f.name, f.value]));
    return app.inject({
      method: 'POST',
      url: this.action,
      payload: body.toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) },
    });
  }
}
