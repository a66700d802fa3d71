export { createAuthService, type AuthService } from './auth.service.ts';
export { createAuthenticate, SESSION_COOKIE, CSRF_HEADER } from './authentication.ts';
export { createTokensService, type TokensService, TOKEN_PREFIX } from './tokens.service.ts';
export { createUsersService, type UsersService } from './users.service.ts';
export { registerAuthRoutes } from './auth.routes.ts';
export { registerUsersRoutes } from './users.routes.ts';
export { registerTokensRoutes } from './tokens.routes.ts';
export { generatePassword } from './secrets.ts';
export { createPersonalFields, type PersonalFields } from './personal-fields.ts';
