import { STANCE_LEVEL_NAMES, type StanceLevel } from '@citysoc/core';
import { stanceLevelClass, stanceLevelLabel } from './stance-display.ts';

/** A level as a coloured chip with its number and name; colour is never the only cue. */
export function StanceLevelBadge({ level, testId }: { level: StanceLevel; testId?: string }) {
  return (
    <span
      className={stanceLevelClass(level)}
      data-testid={testId}
      data-level={level}
      title={`Level ${level} of 5: ${STANCE_LEVEL_NAMES[level]}`}
    >
      {stanceLevelLabel(level)}
    </span>
  );
}
