import { z } from 'zod';
import { InventoryId } from '../city/inventory.ts';
import { DurationSeconds, formatDuration } from '../city/duration.ts';
import { DepartmentId } from '../departments.ts';

/**
 * The data catalogue: what the city holds, who owns it, where it lives, and on what legal ground. One shape for
 * the API, the YAML catalogue file and export, so an export imports back unchanged. Durations are written the
 * way operators write them ("15m", "4h", "30d") and held as whole seconds.
 */

export const DatasetId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'must be 1-64 lower-case letters, digits, ".", "_" or "-"');

/** From least to most protected. `special_category` is GDPR art. 9 data (health, biometrics, …). */
export const Classification = z.enum(['public', 'internal', 'confidential', 'personal', 'special_category']);
export type Classification = z.infer<typeof Classification>;

/** The classifications whose datasets hold personal data and need a legal basis. */
export const PERSONAL_CLASSIFICATIONS: ReadonlySet<Classification> = new Set(['personal', 'special_category']);

/** GDPR art. 6(1) (a)–(f): the lawful ground for processing personal data. */
export const LawfulBasis = z.enum([
  'consent',
  'contract',
  'legal_obligation',
  'vital_interests',
  'public_task',
  'legitimate_interests',
]);
export type LawfulBasis = z.infer<typeof LawfulBasis>;

/** GDPR art. 9(2) (a)–(j): the condition that lifts the ban on processing special-category data. */
export const SpecialCategoryCondition = z.enum([
  'explicit_consent',
  'employment_social_protection',
  'vital_interests',
  'not_for_profit_body',
  'made_public_by_subject',
  'legal_claims',
  'substantial_public_interest',
  'health_or_social_care',
  'public_health',
  'archiving_research_statistics',
]);
export type SpecialCategoryCondition = z.infer<typeof SpecialCategoryCondition>;

export const LegalBasis = z.strictObject({
  basis: LawfulBasis,
  special_condition: SpecialCategoryCondition.optional(),
  /** The law, contract or decision it rests on, in words ("Water Supply Act §12"). */
  text: z.string().trim().max(2000).default(''),
});
export type LegalBasis = z.infer<typeof LegalBasis>;

/** A field (column, attribute) of a dataset; the catalogue names fields, it never holds their values. */
export const DatasetField = z.strictObject({
  name: z.string().trim().min(1).max(128),
  personal: z.boolean().default(false),
  /** Special-category personal data (art. 9): implies personal. */
  special_category: z.boolean().default(false),
  description: z.string().trim().max(1000).default(''),
});
export type DatasetField = z.infer<typeof DatasetField>;

const Text = (max: number) => z.string().trim().max(max);
/** Usernames as the accounts feature writes them. */
const Username = z.string().trim().min(1).max(64);

const DatasetShape = z.strictObject({
  id: DatasetId,
  name: Text(200).min(1),
  description: Text(4000).default(''),
  /** The username of the data owner: a user with the `data_owner` role granted the dataset's department. */
  owner: Username,
  department: DepartmentId,
  /** Inventory assets that store the dataset: their backups count as the dataset's. */
  stored_on: z.array(InventoryId).max(200).default([]),
  /** Inventory assets that process it without being its store (an application server, a gateway). */
  processed_by: z.array(InventoryId).max(200).default([]),
  /** Inventory services that use it. */
  services: z.array(InventoryId).max(200).default([]),
  classification: Classification,
  fields: z.array(DatasetField).max(500).default([]),
  legal_basis: LegalBasis.optional(),
  retention: DurationSeconds.optional(),
  /** Published as open data: only for public datasets or anonymised releases without personal fields. */
  open_data: z.boolean().default(false),
  /** The dataset is an anonymised release (e.g. the output of `citysoc privacy anonymize`). */
  anonymised: z.boolean().default(false),
  /** Recovery point objective: the oldest a successful backup may be. */
  rpo: DurationSeconds.optional(),
  /** Recovery time objective: the longest a restore may take. */
  rto: DurationSeconds.optional(),
});

/** A dataset as written by people (API body, catalogue file), validated with every cross-field rule. */
export const DatasetInput = DatasetShape.superRefine((dataset, ctx) => {
  const names = new Set<string>();
  dataset.fields.forEach((field, index) => {
    if (names.has(field.name))
      ctx.addIssue({ code: 'custom', path: ['fields', index, 'name'], message: `duplicate field '${field.name}'` });
    names.add(field.name);
    if (field.special_category && !field.personal)
      ctx.addIssue({
        code: 'custom',
        path: ['fields', index, 'personal'],
        message: 'a special-category field is personal data: set personal: true',
      });
  });
  const personalFields = dataset.fields.filter((f) => f.personal);
  const special = dataset.fields.some((f) => f.special_category);
  if (PERSONAL_CLASSIFICATIONS.has(dataset.classification) && dataset.legal_basis === undefined)
    ctx.addIssue({ code: 'custom', path: ['legal_basis'], message: 'personal data needs a legal basis (art. 6)' });
  if (personalFields.length > 0 && !PERSONAL_CLASSIFICATIONS.has(dataset.classification))
    ctx.addIssue({
      code: 'custom',
      path: ['classification'],
      message: `fields ${personalFields.map((f) => `'${f.name}'`).join(', ')} are personal: classify the dataset as personal or special_category`,
    });
  if (special && dataset.classification !== 'special_category')
    ctx.addIssue({
      code: 'custom',
      path: ['classification'],
      message: 'a dataset with special-category fields is classified special_category',
    });
  if (dataset.classification === 'special_category' && dataset.legal_basis?.special_condition === undefined)
    ctx.addIssue({
      code: 'custom',
      path: ['legal_basis', 'special_condition'],
      message: 'special-category data needs an art. 9(2) condition',
    });
  if (dataset.open_data && !(dataset.classification === 'public' || dataset.anonymised))
    ctx.addIssue({
      code: 'custom',
      path: ['open_data'],
      message: 'only public datasets or anonymised releases can be open data',
    });
  if (dataset.open_data && personalFields.length > 0)
    ctx.addIssue({ code: 'custom', path: ['open_data'], message: 'open data cannot have personal fields' });
});
export type DatasetInput = z.input<typeof DatasetInput>;
export type Dataset = z.output<typeof DatasetInput>;

/** A dataset as the API lists it: the written form (durations formatted) plus who owns it and when it changed. */
export const DatasetView = DatasetShape.extend({
  retention: z.string().optional(),
  rpo: z.string().optional(),
  rto: z.string().optional(),
  owner_id: z.string(),
  owner_name: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type DatasetView = z.infer<typeof DatasetView>;

/** The written form of a stored dataset: what export writes and import reads back. */
export function datasetToInput(dataset: Dataset): z.input<typeof DatasetShape> {
  const { retention, rpo, rto, ...rest } = dataset;
  return {
    ...rest,
    ...(retention !== undefined && { retention: formatDuration(retention) }),
    ...(rpo !== undefined && { rpo: formatDuration(rpo) }),
    ...(rto !== undefined && { rto: formatDuration(rto) }),
  };
}

/** The catalogue file: `datasets: [...]`, as `citysoc` exports it and the import endpoint reads it. */
export const DatasetCatalogueFile = z.strictObject({
  datasets: z.array(DatasetInput).max(5000),
});
export type DatasetCatalogueFile = z.output<typeof DatasetCatalogueFile>;

/** Whether the dataset needs an access request at all: public data is open to everyone. */
export function needsAccessRequest(dataset: Pick<Dataset, 'classification'>): boolean {
  return dataset.classification !== 'public';
}
