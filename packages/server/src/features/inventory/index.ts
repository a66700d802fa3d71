export { createInventoryService, type InventoryService } from './inventory.service.ts';
export { createImpactService, type ImpactService } from './impact.service.ts';
export { createCityModelCache, enrichmentIndexOf, type CityModel, type CityModelCache } from './city-model.ts';
export { createDiscoveryService, type DiscoveryService } from './discovery.service.ts';
export { registerInventoryRoutes } from './inventory.routes.ts';
export { registerDiscoveryRoutes } from './discovery.routes.ts';
export { formatInventory, parseInventoryDocument, readInventoryText, withLines } from './inventory-file.ts';
