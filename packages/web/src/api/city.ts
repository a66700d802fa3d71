import {
  Asset,
  AssetCandidate,
  Service,
  type AssetDefinitionInput,
  type AssetStatus,
  type CandidateStatus,
  type ImpactAction,
} from '@citysoc/core';
import { ImpactAnswer, ImportSummary, SupportedService } from './city-schemas.ts';
import { request, TextBody } from './client.ts';
import { parseStatusChange, type StatusChangeOutcome } from './response.ts';

/**
 * The city model endpoints: inventory, cascade impact and discovery. Separate from endpoints.ts because the
 * City area is the only user of most of them, and to keep each file readable.
 */

const serviceList = Service.array();
const assetList = Asset.array();
const candidateList = AssetCandidate.array();
const supportedList = SupportedService.array();

const idPath = (base: string, id: string): string => `${base}/${encodeURIComponent(id)}`;

export function listServices(): Promise<Service[]> {
  return request('GET', '/api/services', (json) => serviceList.parse(json));
}

/** Which assets to list; an omitted field does not filter. */
export interface AssetCriteria {
  readonly department?: string;
  readonly type?: string;
  readonly status?: AssetStatus;
}

export function listAssets(criteria: AssetCriteria = {}): Promise<Asset[]> {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(criteria)) if (value !== undefined) params.set(key, value);
  const query = params.toString();
  return request('GET', `/api/assets${query === '' ? '' : `?${query}`}`, (json) => assetList.parse(json));
}

export function fetchAsset(id: string): Promise<Asset> {
  return request('GET', idPath('/api/assets', id), (json) => Asset.parse(json));
}

/** The services the asset supports, directly or through other assets and services, that the caller may see. */
export function listServicesOfAsset(id: string): Promise<SupportedService[]> {
  return request('GET', `${idPath('/api/assets', id)}/services`, (json) => supportedList.parse(json));
}

/**
 * Isolates, takes offline or restores (`operational`) an asset; needs assets.contain. Audited with the reason.
 * When the security stance requires a second person for the action, the change waits for approval instead.
 */
export function setAssetStatus(id: string, status: AssetStatus, reason: string): Promise<StatusChangeOutcome> {
  return request('POST', `${idPath('/api/assets', id)}/status`, parseStatusChange, { status, reason });
}

/** The city if these assets were acted upon, given what is already unavailable. */
export function fetchImpact(assetIds: readonly string[], action: ImpactAction): Promise<ImpactAnswer> {
  const params = new URLSearchParams({ action });
  for (const id of assetIds) params.append('asset', id);
  return request('GET', `/api/impact?${params.toString()}`, (json) => ImpactAnswer.parse(json));
}

/** What the assets already isolated, offline or silent take down or degrade now. */
export function fetchImpactNow(): Promise<ImpactAnswer> {
  return request('GET', '/api/impact/now', (json) => ImpactAnswer.parse(json));
}

/**
 * Imports an inventory file (YAML or JSON) all or nothing; needs inventory.manage. A refusal is an ApiError
 * whose details hold every problem with its line (see inventoryProblemsOf).
 */
export function importInventory(text: string): Promise<ImportSummary> {
  return request(
    'POST',
    '/api/inventory/import',
    (json) => ImportSummary.parse(json),
    new TextBody(text, 'application/yaml'),
  );
}

/** Where the browser downloads the caller's part of the inventory in the import format. */
export function inventoryExportPath(format: 'yaml' | 'json'): string {
  return `/api/inventory/export?format=${format}`;
}

export function listCandidates(status: CandidateStatus): Promise<AssetCandidate[]> {
  return request('GET', `/api/inventory/candidates?status=${status}`, (json) => candidateList.parse(json));
}

/** Adds the candidate to the inventory as this asset; needs inventory.manage. */
export function adoptCandidate(id: string, asset: AssetDefinitionInput): Promise<Asset> {
  return request('POST', `${idPath('/api/inventory/candidates', id)}/adopt`, (json) => Asset.parse(json), asset);
}

export function ignoreCandidate(id: string): Promise<AssetCandidate> {
  return request('POST', `${idPath('/api/inventory/candidates', id)}/ignore`, (json) => AssetCandidate.parse(json));
}
