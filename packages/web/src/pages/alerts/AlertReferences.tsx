import { safeHttpUrl } from './alert-display.ts';

/**
 * A rule's references. Only absolute http(s) URLs become links, opening in a new tab without telling the
 * target where the analyst came from; anything else (`javascript:`, free text) is shown as plain text.
 */
export function AlertReferences({ references }: { references: readonly string[] }) {
  if (references.length === 0) return <span className="muted">None</span>;
  return (
    <ul className="plain-list" data-testid="alert-references">
      {references.map((reference, index) => {
        const href = safeHttpUrl(reference);
        return (
          // References may repeat; the position keeps keys unique.
          <li key={`${index}:${reference}`} className="break-anywhere">
            {href === null ? (
              reference
            ) : (
              <a href={href} target="_blank" rel="noreferrer noopener">
                {reference}
              </a>
            )}
          </li>
        );
      })}
    </ul>
  );
}
