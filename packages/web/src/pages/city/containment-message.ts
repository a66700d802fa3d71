import type { StatusChangeOutcome } from '../../api/response.ts';

/**
 * What a containment request did, in one or two sentences: the assets changed, and those whose change waits for
 * a second person because the security stance requires approval for the action.
 */
export function containmentMessage(
  outcomes: readonly { readonly id: string; readonly outcome: StatusChangeOutcome }[],
  done: string,
  nameOf: (id: string) => string,
): string {
  const applied = outcomes.filter((o) => o.outcome.kind === 'applied').map((o) => nameOf(o.id));
  const pending = outcomes.flatMap((o) =>
    o.outcome.kind === 'pending' ? [{ id: o.id, approval: o.outcome.approval }] : [],
  );
  const sentences: string[] = [];
  if (applied.length > 0) sentences.push(`${applied.join(', ')} ${applied.length === 1 ? 'was' : 'were'} ${done}.`);
  if (pending.length > 0) {
    const first = pending[0]!.approval;
    const names = pending.map((p) => nameOf(p.id)).join(', ');
    sentences.push(
      `${names} ${pending.length === 1 ? 'waits' : 'wait'} for a second person's approval: at stance level ` +
        `${first.stance_level}, "${first.action.replaceAll('_', ' ')}" needs one (City → Approvals).`,
    );
  }
  return sentences.join(' ');
}
