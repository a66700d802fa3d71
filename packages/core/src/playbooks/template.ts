/**
 * `{{path.to.value}}` substitution for playbook texts (task titles, notification bodies, webhook bodies).
 * Nothing is evaluated: a placeholder names a value in the run's context and is replaced by it. Values come
 * from the incident (people typed them, alerts carried them), so they are made safe for where they land:
 * control characters and line breaks in values become spaces (no forged lines in logs, headers or chat messages), and webhook
 * bodies are built as JSON values, never by pasting text into JSON.
 */

const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)\s*\}\}/g;
const WHOLE_PLACEHOLDER = /^\{\{\s*([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)\s*\}\}$/;
const STRAY_BRACES = /\{\{|\}\}/;
// eslint-disable-next-line no-control-regex -- removing control characters is the point
const CONTROL = /[\u0000-\u001f\u007f\u2028\u2029]/g;

/** What templates may read: plain JSON-like data, nested by name. */
export type TemplateValue = string | number | boolean | null | readonly TemplateValue[] | TemplateContext;
export interface TemplateContext {
  readonly [name: string]: TemplateValue | undefined;
}

/** The dotted paths a template refers to, in order; throws on a `{{` that is not a well-formed placeholder. */
export function templatePaths(template: string): string[] {
  const paths = [...template.matchAll(PLACEHOLDER)].map((m) => m[1] ?? '');
  if (STRAY_BRACES.test(template.replace(PLACEHOLDER, ''))) {
    throw new Error(`malformed placeholder in '${template.slice(0, 80)}': write {{name}} or {{name.field}}`);
  }
  return paths;
}

/** The value at a dotted path, or undefined. Only own properties: `{{constructor}}` finds nothing. */
export function lookupPath(context: TemplateContext, path: string): TemplateValue | undefined {
  let current: TemplateValue | undefined = context;
  for (const part of path.split('.')) {
    if (current === null || typeof current !== 'object' || Array.isArray(current)) return undefined;
    const record = current as TemplateContext;
    if (!Object.hasOwn(record, part)) return undefined;
    current = record[part];
  }
  return current;
}

/** Text of a value: lists joined with ", ", missing values empty, control characters and line breaks as spaces. */
export function textOf(value: TemplateValue | undefined): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.map((v: TemplateValue) => textOf(v)).join(', ');
  if (typeof value === 'object') return '';
  return String(value).replace(CONTROL, ' ');
}

/** Renders a text template; the result is bounded so one long incident title cannot make a huge task. */
export function renderText(template: string, context: TemplateContext, maxLength = 20_000): string {
  const text = template.replace(PLACEHOLDER, (_, path: string) => textOf(lookupPath(context, path)));
  return text.length > maxLength ? `${text.slice(0, maxLength - 1)}…` : text;
}

/**
 * Renders a JSON value whose strings may hold placeholders (a webhook body). A string that is exactly one
 * placeholder becomes the value itself (`"{{inputs.assets}}"` → the list); other strings are rendered as text.
 * Keys are not templated.
 */
export function renderJson(template: unknown, context: TemplateContext): unknown {
  if (typeof template === 'string') {
    const whole = WHOLE_PLACEHOLDER.exec(template);
    if (whole?.[1] !== undefined) return lookupPath(context, whole[1]) ?? null;
    return renderText(template, context);
  }
  if (Array.isArray(template)) return template.map((item: unknown) => renderJson(item, context));
  if (template !== null && typeof template === 'object') {
    return Object.fromEntries(Object.entries(template).map(([key, value]) => [key, renderJson(value, context)]));
  }
  return template;
}

/** Every string inside a JSON value, for checking its placeholders at load time. */
export function stringsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap((v: unknown) => stringsIn(v));
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap((v: unknown) => stringsIn(v));
  return [];
}
