/** The inventory API's answer schemas, from core (one source for server and dashboard). */
export { ImpactAnswer, ImportSummary, InventoryProblem, inventoryProblemsOf, SupportedService } from '@citysoc/core';
