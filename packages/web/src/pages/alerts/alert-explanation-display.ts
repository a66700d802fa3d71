import type { ItemExplanation, SelectionExplanation } from '@citysoc/core/sigma';

/** `field|mod1|mod2`, or "keyword" for a value searched anywhere in the event. */
export function itemLabel(item: ItemExplanation): string {
  const field = item.field ?? 'keyword';
  return [field, ...item.modifiers].join('|');
}

/**
 * What a selection contributed, in words: a selection that held made the rule match; a negated one (a filter
 * in the condition) helped by not holding.
 */
export function selectionVerdict(selection: SelectionExplanation): { text: string; tone: string } {
  if (selection.negated) {
    return selection.matched
      ? { text: 'exclusion held', tone: 'muted' }
      : { text: 'exclusion did not hold (so the rule fired)', tone: 'explanation-good' };
  }
  return selection.matched ? { text: 'matched', tone: 'explanation-good' } : { text: 'did not match', tone: 'muted' };
}
