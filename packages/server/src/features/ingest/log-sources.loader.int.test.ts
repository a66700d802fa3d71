import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadLogSources } from './log-sources.loader.ts';

const dirs: string[] = [];
async function contentDir(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'citysoc-log-sources-'));
  dirs.push(dir);
  for (const [folder, text] of Object.entries(files)) {
    await mkdir(path.join(dir, folder));
    await writeFile(path.join(dir, folder, 'log-source.yml'), text);
  }
  return dir;
}
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

describe('loadLogSources', () => {
  it('loads every shipped log source from the repository content folder', async () => {
    const set = await loadLogSources();
    expect([...set.names].sort()).toEqual([
      'antivirus',
      'cef',
      'checkpoint',
      'cisco-asa',
      'cloudtrail',
      'device-telemetry',
      'ecs-json',
      'generic-json',
      'iptables',
      'juniper-junos',
      'linux-auth',
      'paloalto',
      'sonicwall',
      'suricata-eve',
      'syslog',
      'windows',
      'zeek',
    ]);
  });

  it('names the file and the problem for an invalid definition', async () => {
    const dir = await contentDir({ broken: 'name: broken\ndescription: x\npriority: 1\nformat: xml\n' });
    await expect(loadLogSources(dir)).rejects.toThrow(/broken[/\\]log-source\.yml: invalid log source: format/);
  });

  it('names the file and the reason for a parse step it cannot use', async () => {
    const dir = await contentDir({
      fw: "name: fw\ndescription: x\npriority: 1\nformat: text\nparse:\n  - { into: fw, regex: '%FW-(\\d+)' }\n",
      pj: 'name: pj\ndescription: x\npriority: 1\nformat: json\nprefilter: [x]\n',
    });
    await expect(loadLogSources(dir)).rejects.toThrow(
      /fw[/\\]log-source\.yml: invalid log source: parse\.0\.regex: needs at least one named group/,
    );
    await rm(path.join(dir, 'fw'), { recursive: true });
    await expect(loadLogSources(dir)).rejects.toThrow(
      /pj[/\\]log-source\.yml: invalid log source: prefilter: applies to text formats only/,
    );
  });

  it('names the file for YAML that does not parse', async () => {
    const dir = await contentDir({ bad: 'name: [unclosed\n' });
    await expect(loadLogSources(dir)).rejects.toThrow(/bad[/\\]log-source\.yml: not valid YAML/);
  });

  it('rejects a name that differs from its folder', async () => {
    const dir = await contentDir({ one: 'name: other\ndescription: x\npriority: 1\nformat: json\n' });
    await expect(loadLogSources(dir)).rejects.toThrow(/name "other" differs from its folder "one"/);
  });
});
