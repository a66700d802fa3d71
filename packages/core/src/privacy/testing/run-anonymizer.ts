import { parseAnonymizationSpec } from '../anonymization-spec.ts';
import { createAnonymizer, type AnonymizerOptions } from '../anonymizer.ts';
import { seededRandom } from './seeded-random.ts';

/** Runs both passes over an in-memory table; `rows` is null when the anonymizer refused. */
export function runAnonymizer(
  specValue: unknown,
  header: readonly string[],
  records: readonly (readonly string[])[],
  options: AnonymizerOptions = {},
) {
  const anonymizer = createAnonymizer(parseAnonymizationSpec(specValue), header, options);
  records.forEach((cells, i) => anonymizer.addRow(cells, i + 2));
  const { report, publisher } = anonymizer.solve(seededRandom(1));
  if (publisher === null) return { report, header: null, rows: null };
  const rows = records.map((cells) => publisher.publish(cells)).filter((row) => row !== null);
  return { report, header: publisher.header, rows };
}
