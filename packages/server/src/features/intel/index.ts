export { createIntelService, type IntelService, type IntelImportSummary } from './intel.service.ts';
export { createTaxiiService, type TaxiiService } from './taxii.service.ts';
export { createTaxiiPoller, type TaxiiPoller } from './taxii-client.ts';
export { registerIntelRoutes } from './intel.routes.ts';
export { registerTaxiiRoutes } from './taxii.routes.ts';
export { readStixText } from './stix-input.ts';
export { createIndicatorDetector, type IndicatorDetector } from './indicator-detector.ts';
export { looksLikeMisp, mispToStix } from './misp-input.ts';
export { loadWarninglists } from './warninglists.loader.ts';
