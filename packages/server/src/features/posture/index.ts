export { loadControls, SHIPPED_CONTROLS_DIR } from './controls.loader.ts';
export { createEvidenceCollector, evidenceMetrics, type EvidenceCollector } from './evidence-detector.ts';
export { createPostureService, type PostureService, type PostureTrendPoint } from './posture.service.ts';
export { registerPostureRoutes } from './posture.routes.ts';
