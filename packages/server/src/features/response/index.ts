export {
  createResponseService,
  type ResponseApproval,
  type ResponseService,
  responseActionOf,
} from './response.service.ts';
export { registerResponseRoutes } from './response.routes.ts';
