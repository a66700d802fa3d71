import type { RuleTestResult } from '@citysoc/core';
import { Link } from 'react-router';
import { formatDateTime } from '../../format.ts';
import { matchedEventPath } from '../alerts/alert-display.ts';

type RuleTestMatch = RuleTestResult['matches'][number];

/** The events a tested rule matched, each linking to the event in the events search. */
export function RuleTestMatches({ matches }: { matches: readonly RuleTestMatch[] }) {
  return (
    <table className="table" aria-label="Matched events">
      <thead>
        <tr>
          <th scope="col">Time</th>
          <th scope="col">Rule id</th>
          <th scope="col">Source</th>
        </tr>
      </thead>
      <tbody>
        {matches.map((match, index) => (
          <tr key={`${index}:${match.ruleId}:${match.eventId}`} data-testid="rule-test-match">
            <td className="nowrap">
              <Link to={matchedEventPath(match.eventId)} title={`Event ${match.eventId}`}>
                {formatDateTime(match.timestamp)}
              </Link>
            </td>
            <td className="mono break-anywhere">{match.ruleId}</td>
            <td className="mono">{match.source}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
