import { attackUrl, classifyTag, type RuleTag, type TagKind } from './alert-display.ts';

const KIND_TITLES: Readonly<Record<TagKind, string>> = {
  technique: 'ATT&CK technique',
  tactic: 'ATT&CK tactic',
  group: 'ATT&CK group',
  software: 'ATT&CK software',
  other: 'Tag',
};

function TagChip({ tag }: { tag: RuleTag }) {
  const url = attackUrl(tag);
  return (
    <li className={`chip chip-${tag.kind}`} title={`${KIND_TITLES[tag.kind]}: ${tag.tag}`}>
      {url === null ? (
        tag.label
      ) : (
        <a href={url} target="_blank" rel="noopener noreferrer">
          {tag.label}
        </a>
      )}
    </li>
  );
}

/** A rule's tags as chips: ATT&CK tactics and techniques first, then anything else; techniques link to MITRE. */
export function RuleTags({ tags, kinds }: { tags: readonly string[]; kinds: 'attack' | 'other' }) {
  const chips = tags.map(classifyTag).filter((tag) => (kinds === 'other') === (tag.kind === 'other'));
  if (chips.length === 0) return <span className="muted">None</span>;
  // Tactics (the why) before techniques (the how), as ATT&CK's matrix reads.
  const order: readonly TagKind[] = ['tactic', 'technique', 'group', 'software', 'other'];
  const sorted = [...chips].sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind));
  return (
    <ul className="chips" data-testid={kinds === 'attack' ? 'alert-attack-tags' : 'alert-other-tags'}>
      {sorted.map((tag, index) => (
        // A rule may repeat a tag; the position keeps keys unique.
        <TagChip key={`${index}:${tag.tag}`} tag={tag} />
      ))}
    </ul>
  );
}
