import { z } from 'zod';

const UUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';
const STIX_ID = new RegExp(`^([a-z][a-z0-9-]{0,249})--${UUID}$`);

/**
 * What CitySOC requires of any STIX object it stores, whatever its type (SDO, SCO, SRO, marking, extension
 * definition; STIX 2.1 or 2.0 — MITRE's enterprise ATT&CK is 2.0): a type, an id of that type, and timestamps
 * when present. The rest is kept exactly as received. Objects larger than 1 MB are refused (hostile input).
 */
export const StixObject = z
  .looseObject({
    type: z.string().regex(/^[a-z][a-z0-9-]{0,249}$/, 'type must be a STIX type name'),
    id: z.string().max(300),
    spec_version: z.string().max(10).optional(),
    created: z.string().max(40).optional(),
    modified: z.string().max(40).optional(),
  })
  .superRefine((object, ctx) => {
    const match = STIX_ID.exec(object.id);
    if (!match) ctx.addIssue({ code: 'custom', path: ['id'], message: `'${object.id.slice(0, 80)}' is not a STIX id` });
    else if (match[1] !== object.type) {
      ctx.addIssue({ code: 'custom', path: ['id'], message: `id '${object.id}' is not of type '${object.type}'` });
    }
  });
export type StixObject = z.infer<typeof StixObject>;

/** A STIX object's version for "newest wins": `modified`, else `created`, else none (then it never replaces). */
export function stixVersion(object: StixObject): string | null {
  return object.modified ?? object.created ?? null;
}

export type TlpName = 'clear' | 'green' | 'amber' | 'amber+strict' | 'red';

/** TLP 2.0 marking definitions (the OASIS extension ids): what CitySOC writes when it marks an object. */
export const TLP2_MARKING_IDS: Readonly<Record<TlpName, string>> = {
  clear: 'marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487',
  green: 'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb',
  amber: 'marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421',
  'amber+strict': 'marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003',
  red: 'marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1',
};

/**
 * The predefined TLP marking definitions read: TLP 1.0 (STIX 2.0/2.1 spec §7.2.1.4) and TLP 2.0. TLP 1.0 WHITE is
 * TLP 2.0 CLEAR.
 */
export const TLP_MARKINGS: Readonly<Record<string, TlpName>> = {
  'marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9': 'clear',
  'marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da': 'green',
  'marking-definition--f88d31f6-486f-44da-b317-01333bde0b82': 'amber',
  'marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed': 'red',
  ...Object.fromEntries(Object.entries(TLP2_MARKING_IDS).map(([name, id]) => [id, name as TlpName])),
};

/** The object's TLP from its `object_marking_refs`, or null when unmarked. */
export function stixTlp(object: StixObject): string | null {
  const refs = (object as { object_marking_refs?: unknown }).object_marking_refs;
  if (!Array.isArray(refs)) return null;
  for (const ref of refs) if (typeof ref === 'string' && TLP_MARKINGS[ref]) return TLP_MARKINGS[ref] ?? null;
  return null;
}

/** TLP levels that may leave the city over TAXII: CLEAR and GREEN (and unmarked community intelligence). */
export function shareable(tlp: string | null): boolean {
  return tlp === null || tlp === 'clear' || tlp === 'green';
}
