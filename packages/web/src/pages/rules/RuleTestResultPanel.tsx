import type { RuleTestResult } from '@citysoc/core';
import { scannedText } from './rule-display.ts';
import { RuleTestMatches } from './RuleTestMatches.tsx';

/** What a rule test found: the rules compiled, the ones refused and why, and the matched events. */
export function RuleTestResultPanel({ result }: { result: RuleTestResult }) {
  const compiled = result.rules.length;
  const matched = result.matches.length;
  return (
    <div className="rule-test-result" data-testid="rule-test-result">
      <p>
        {compiled.toLocaleString()} {compiled === 1 ? 'rule' : 'rules'} compiled
        {compiled > 0 && `: ${result.rules.map((rule) => rule.title).join(', ')}`}
      </p>
      {result.refused.length > 0 && (
        <div className="message message-error" role="alert">
          <p>
            {result.refused.length.toLocaleString()} {result.refused.length === 1 ? 'rule was' : 'rules were'} refused:
          </p>
          <ul className="plain-list">
            {result.refused.map((refusal, index) => (
              <li key={`${index}:${refusal.id ?? ''}`}>
                {refusal.id === null ? '' : `${refusal.id}: `}
                {refusal.reason}
              </li>
            ))}
          </ul>
        </div>
      )}
      <p data-testid="rule-test-scanned">
        {scannedText(result.scanned, result.complete)} · {matched.toLocaleString()}{' '}
        {matched === 1 ? 'match' : 'matches'}
      </p>
      {matched > 0 && <RuleTestMatches matches={result.matches} />}
    </div>
  );
}
