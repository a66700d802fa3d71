import type { Command } from 'commander';
import { loadConfig } from '../config.ts';
import { startServer } from '../server.ts';
import type { Output } from './context.ts';

interface ServeOptions {
  host?: string;
  port?: string;
  demo?: boolean;
  roles?: string;
}

/**
 * Runs the server until SIGINT/SIGTERM. `citysoc demo` forces the demo city on; `serve --demo` (what
 * `npm start` runs) plays it unless CITYSOC_DEMO=false says otherwise.
 */
async function serve(options: ServeOptions, output: Output, forceDemo = false): Promise<void> {
  const disabled = ['false', '0'].includes(process.env.CITYSOC_DEMO ?? '');
  // Through the environment, so the flag is validated (and explained when wrong) exactly like CITYSOC_ROLES.
  const env = options.roles === undefined ? process.env : { ...process.env, CITYSOC_ROLES: options.roles };
  const config = loadConfig(env, {
    ...(options.host !== undefined && { host: options.host }),
    ...(options.port !== undefined && { port: Number(options.port) }),
    ...((forceDemo || (options.demo === true && !disabled)) && { demo: true }),
  });
  const server = await startServer(config, output.err);
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      output.err(`${signal} received, shutting down`);
      void server.close().then(resolve);
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
}

export function registerServeCommand(program: Command, output: Output): void {
  program
    .command('serve')
    .description('start CitySOC (embedded SQLite by default; PostgreSQL with CITYSOC_DATABASE_URL)')
    .option('--host <address>', 'bind address (CITYSOC_HOST)')
    .option('--port <port>', 'HTTP port (CITYSOC_PORT)')
    .option('--demo', 'also play the demo city (CITYSOC_DEMO)')
    .option('--roles <roles>', 'what this node does in cluster mode: ingest,detect,api or a subset (CITYSOC_ROLES)')
    .action((options: ServeOptions) => serve(options, output));

  program
    .command('demo')
    .description('start CitySOC playing the demo city: a fictional city, its telemetry and attacks, live')
    .option('--host <address>', 'bind address (CITYSOC_HOST)')
    .option('--port <port>', 'HTTP port (CITYSOC_PORT)')
    .action((options: ServeOptions) => serve(options, output, true));
}
