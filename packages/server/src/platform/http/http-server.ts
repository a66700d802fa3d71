import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import Fastify, { type FastifyInstance, type RawServerDefault } from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Logger } from '../log.ts';
import { sendError } from './error-mapping.ts';
import type { Authenticate } from './request-auth.ts';

/** The Fastify instance every feature registers its routes on: zod schemas validate and document each route. */
export type HttpServer = FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, Logger, ZodTypeProvider>;

export interface HttpServerOptions {
  log: Logger;
  version: string;
  bodyLimit: number;
  rateLimitPerMinute: number;
  secureCookies: boolean;
  authenticate: Authenticate;
}

/**
 * Builds the HTTP server with everything that is the same for every route: validation, the error format,
 * security headers, rate limits, authentication and the OpenAPI document. Features add routes afterwards.
 */
export async function createHttpServer(options: HttpServerOptions): Promise<HttpServer> {
  const app = Fastify({
    loggerInstance: options.log,
    bodyLimit: options.bodyLimit,
    // Unknown JSON keys must be refused, not stripped: strict zod objects do that, ajv must not coerce.
    ajv: { customOptions: { removeAdditional: false } },
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler((error, request, reply) => sendError(error, request, reply));

  await app.register(cookie);
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // React sets style attributes; no inline scripts are ever allowed.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        // Served over plain HTTP on a LAN, an upgrade directive would break every asset request.
        upgradeInsecureRequests: null,
      },
    },
    hsts: options.secureCookies,
  });
  await app.register(rateLimit, {
    global: true,
    max: options.rateLimitPerMinute,
    timeWindow: '1 minute',
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'CitySOC API', version: options.version },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'citysoc_session' },
          bearer: { type: 'http', scheme: 'bearer' },
        },
      },
      security: [{ session: [] }, { bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });

  app.decorateRequest('auth', null);
  // The API and TAXII (whose paths the OASIS standard fixes under /taxii2/) need credentials; the UI's files do not.
  app.addHook('onRequest', async (request) => {
    if (request.url.startsWith('/api/') || request.url.startsWith('/taxii2/')) {
      request.auth = await options.authenticate(request);
    }
  });

  app.get('/api/openapi.json', { schema: { hide: true } }, () => app.swagger());
  return app;
}
