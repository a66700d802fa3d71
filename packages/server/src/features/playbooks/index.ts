export { createPlaybooksService, type PlaybooksService } from './playbooks.service.ts';
export {
  DEFAULT_PLAYBOOKS_DIR,
  loadPlaybookCatalogue,
  playbookCatalogue,
  type PlaybookCatalogue,
} from './playbook-catalogue.ts';
export { AUTOMATION_PRINCIPAL, type PlaybooksDeps } from './playbook-kit.ts';
export { registerPlaybooksRoutes } from './playbooks.routes.ts';
