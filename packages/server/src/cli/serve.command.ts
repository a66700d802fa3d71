import type { Command } from 'commander';
import { loadConfig } from '../config.ts';
import { startServer } from '../main.ts';
import type { Output } from './context.ts';

export function registerServeCommand(program: Command, output: Output): void {
  program
    .command('serve')
    .description('start CitySOC (embedded SQLite by default; PostgreSQL with CITYSOC_DATABASE_URL)')
    .option('--host <address>', 'bind address (CITYSOC_HOST)')
    .option('--port <port>', 'HTTP port (CITYSOC_PORT)')
    .action(async (options: { host?: string; port?: string }) => {
      const config = loadConfig(process.env, {
        ...(options.host !== undefined && { host: options.host }),
        ...(options.port !== undefined && { port: Number(options.port) }),
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
    });
}
