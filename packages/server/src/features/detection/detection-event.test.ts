import { compile, parseRules } from '@citysoc/core/sigma';
import { describe, expect, it } from 'vitest';
import { detectionEvent } from './detection-event.ts';

const RULES = `
title: Shell from a web server
id: 0b9c4a5e-6d1f-4b8e-9a55-1f1e2d3c4b5a
logsource: {product: test}
detection:
  selection: {Image|endswith: '\\\\cmd.exe', ParentImage|endswith: '\\\\w3wp.exe'}
  condition: selection
---
title: Door forced
id: 7c2e1f3a-9b8d-4e6f-a1b2-c3d4e5f6a7b8
logsource: {product: test}
detection:
  selection: {citysoc.telemetry.metric: door, citysoc.telemetry.state: forced}
  condition: selection
---
title: Mimikatz in the text
id: 2f4e6a8c-1b3d-4f5a-8c7e-9d0b1a2c3e4f
logsource: {product: test}
detection:
  keywords: ['sekurlsa::logonpasswords']
  condition: keywords
`;

describe('the event detection sees', () => {
  const { rules, errors } = parseRules(RULES);
  const engine = compile(rules);
  const ids = (event: ReturnType<typeof detectionEvent>) =>
    engine
      .match(event)
      .map((rule) => rule.title)
      .sort();

  it('finds fields of the original, of the normalised document, and words of the raw text', () => {
    expect(errors).toEqual([]);
    const original = { Image: 'C:\\Windows\\System32\\cmd.exe', ParentImage: 'C:\\inetpub\\w3wp.exe' };
    const event = detectionEvent(
      { citysoc: { telemetry: { metric: 'door', state: 'forced' } } },
      { original: JSON.stringify(original), raw: 'ran sekurlsa::logonpasswords on the host' },
    );
    expect(ids(event)).toEqual(['Door forced', 'Mimikatz in the text', 'Shell from a web server']);
  });

  it('names every field it holds, from both halves, so the literal index probes them', () => {
    const event = detectionEvent(
      { host: { name: 'gw-1' }, citysoc: { asset_id: 'gw' } },
      { original: JSON.stringify({ Image: 'x.exe', 'dotted.name': 1 }), raw: null },
    );
    const keys = event.keys?.() ?? [];
    for (const field of ['Image', 'dotted.name', 'host.name', 'citysoc.asset_id']) {
      expect(event.get(field)).not.toBeUndefined();
      expect(keys.some((key) => field === key || field.startsWith(`${key}.`))).toBe(true);
    }
  });

  it('matches a document-only event (no original fields)', () => {
    const event = detectionEvent(
      { citysoc: { telemetry: { metric: 'door', state: 'forced' } } },
      { original: null, raw: null },
    );
    expect(ids(event)).toEqual(['Door forced']);
  });
});
