import type { TlpLevel } from '@citysoc/core';

/**
 * HTML for the downloadable reports. Titles, descriptions, observables and timeline texts come from alerts and
 * logs an attacker can write to, so nothing is concatenated into markup: the `html` tag escapes every value it
 * interpolates, and only fragments built by the tag itself (`Html`) pass through unescaped.
 */

/** A fragment of markup built by `html`; the only thing inserted without escaping. */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

type Value = Html | string | number | null | undefined | readonly Value[];

function render(value: Value): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Html) return value.value;
  if (Array.isArray(value)) return (value as readonly Value[]).map(render).join('');
  return escapeHtml(String(value));
}

/** Tagged template: `html\`<td>${title}</td>\`` escapes `title`; arrays of fragments are joined. */
export function html(strings: TemplateStringsArray, ...values: readonly Value[]): Html {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    out += render(value) + (strings[i + 1] ?? '');
  });
  return new Html(out);
}

/** A table, or `empty` in a paragraph when there are no rows. */
export function table(header: readonly string[], rows: readonly (readonly Value[])[], empty: string): Html {
  if (rows.length === 0) return html`<p class="empty">${empty}</p>`;
  return html`<table>
    <thead>
      <tr>
        ${header.map((h) => html`<th>${h}</th>`)}
      </tr>
    </thead>
    <tbody>
      ${rows.map(
        (row) =>
          html`<tr>
            ${row.map((cell) => html`<td>${cell}</td>`)}
          </tr> `,
      )}
    </tbody>
  </table>`;
}

/** Label–value pairs as a definition list. */
export function facts(pairs: readonly (readonly [string, Value])[]): Html {
  return html`<dl class="facts">
    ${pairs.map(
      ([label, value]) =>
        html`<dt>${label}</dt>
          <dd>${value}</dd>`,
    )}
  </dl>`;
}

const STYLE = `
body{font-family:system-ui,-apple-system,"Segoe UI",Helvetica,Arial,sans-serif;color:#111;margin:2rem auto;max-width:60rem;padding:0 1rem;line-height:1.4}
h1{font-size:1.6rem;margin:.2rem 0}h2{font-size:1.2rem;margin-top:1.8rem;border-bottom:1px solid #ccc}
table{border-collapse:collapse;width:100%;font-size:.85rem;margin:.5rem 0}th,td{border:1px solid #bbb;padding:.25rem .4rem;text-align:left;vertical-align:top}
th{background:#eee}dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem;margin:.5rem 0}dt{font-weight:600}dd{margin:0}
.tlp{display:inline-block;font-weight:700;padding:.15rem .6rem;background:#000;letter-spacing:.05em}
.tlp-clear{color:#fff}.tlp-green{color:#33ff00}.tlp-amber,.tlp-amber-strict{color:#ffc000}.tlp-red{color:#ff2b2b}
.muted,.empty{color:#555}.pre{white-space:pre-wrap}footer{margin-top:2rem;font-size:.8rem;color:#555}
@media print{body{margin:0;max-width:none}}`;

/** The TLP 2.0 label as FIRST prints it, and its CSS class. */
export function tlpBanner(tlp: TlpLevel): Html {
  return html`<span class="tlp tlp-${tlp.replace('+', '-')}">TLP:${tlp.toUpperCase()}</span>`;
}

/**
 * A whole, self-contained document: inline style, no script, no external resource. The Content-Security-Policy
 * in a meta tag keeps it inert even when opened from disk.
 */
export function htmlDocument(title: string, body: Html): string {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title}</title>
        <style>
          ${new Html(STYLE)}
        </style>
      </head>
      <body>
        ${body}
      </body>
    </html> `.value;
}
