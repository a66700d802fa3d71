import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { InputError } from '@citysoc/core';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('runs the embedded mode with no settings at all', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ host: '127.0.0.1', port: 8080, databaseUrl: '', bodyLimit: 10 * 1024 * 1024 });
    expect(path.isAbsolute(config.dataDir)).toBe(true);
    expect(config.dataDir.endsWith(`${path.sep}var`)).toBe(true);
  });

  it('takes settings from CITYSOC_* variables, converting numbers and booleans', () => {
    const config = loadConfig({
      CITYSOC_PORT: '9090',
      CITYSOC_HOST: '0.0.0.0',
      CITYSOC_DATABASE_URL: 'postgres://db/citysoc',
      CITYSOC_SECURE_COOKIES: 'true',
    });
    expect(config).toMatchObject({
      port: 9090,
      host: '0.0.0.0',
      databaseUrl: 'postgres://db/citysoc',
      secureCookies: true,
    });
  });

  it('reads a YAML file named by CITYSOC_CONFIG, with the environment taking precedence', () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'citysoc-config-')), 'citysoc.yml');
    writeFileSync(file, 'port: 7000\nlogLevel: debug\nbodyLimit: 2048\n');
    const config = loadConfig({ CITYSOC_CONFIG: file, CITYSOC_PORT: '7001' });
    expect(config).toMatchObject({ port: 7001, logLevel: 'debug', bodyLimit: 2048 });
  });

  it('names the variable of every invalid setting', () => {
    expect(() => loadConfig({ CITYSOC_PORT: 'eighty', CITYSOC_LOG_LEVEL: 'loud' })).toThrow(
      /port \(CITYSOC_PORT\).*logLevel \(CITYSOC_LOG_LEVEL\)/,
    );
  });

  it('refuses unknown keys in the config file instead of ignoring a typo', () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'citysoc-config-')), 'citysoc.yml');
    writeFileSync(file, 'prot: 7000\n');
    expect(() => loadConfig({ CITYSOC_CONFIG: file })).toThrow(InputError);
  });

  it('refuses a config file that is not a mapping', () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'citysoc-config-')), 'citysoc.yml');
    writeFileSync(file, '- just\n- a list\n');
    expect(() => loadConfig({ CITYSOC_CONFIG: file })).toThrow(/must hold a mapping/);
  });
});
