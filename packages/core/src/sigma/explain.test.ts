import { describe, expect, it } from 'vitest';
import { compile } from './engine.ts';
import { flattenEvent } from './event.ts';
import { parseRules } from './parse-rules.ts';
import { engineFor } from './test-helpers.ts';

const MIMIKATZ = `title: Mimikatz
id: mimi
logsource: { product: windows, category: process_creation }
detection:
  selection_img:
    - Image|endswith: '\\mimikatz.exe'
    - OriginalFileName: mimikatz.exe
  selection_cli:
    CommandLine|contains|all: ['sekurlsa', 'logonpasswords']
  filter:
    User|startswith: 'adm_'
  condition: 1 of selection_* and not filter
`;
const SYSMON = { Channel: 'Microsoft-Windows-Sysmon/Operational', EventID: 1 };
const RUN = { ...SYSMON, Image: 'C:\\tools\\mimikatz.exe', CommandLine: 'mimikatz.exe sekurlsa::logonpasswords' };

function mimikatz(extra = '') {
  const { rules, filters } = parseRules(MIMIKATZ + extra);
  return compile(rules, { filters });
}

describe('explain', () => {
  it('names the selection, item and value that matched, and the filter that did not', () => {
    const explanation = mimikatz().explain('mimi', flattenEvent({ ...RUN, User: 'bob' }));
    expect(explanation).toEqual({
      ruleId: 'mimi',
      title: 'Mimikatz',
      matched: true,
      routed: true,
      conditionMatched: true,
      condition: '1 of selection_* and not filter',
      selections: [
        {
          name: 'selection_img',
          matched: true,
          negated: false,
          items: [
            {
              field: 'Image',
              modifiers: ['endswith'],
              alternative: 0,
              matched: true,
              matches: [{ value: '\\mimikatz.exe', eventValue: 'C:\\tools\\mimikatz.exe' }],
            },
            { field: 'OriginalFileName', modifiers: [], alternative: 1, matched: false, matches: [] },
          ],
        },
        {
          name: 'selection_cli',
          matched: true,
          negated: false,
          items: [
            {
              field: 'CommandLine',
              modifiers: ['contains', 'all'],
              alternative: 0,
              matched: true,
              matches: [
                { value: 'sekurlsa', eventValue: RUN.CommandLine },
                { value: 'logonpasswords', eventValue: RUN.CommandLine },
              ],
            },
          ],
        },
        {
          name: 'filter',
          matched: false,
          negated: true,
          items: [{ field: 'User', modifiers: ['startswith'], alternative: 0, matched: false, matches: [] }],
        },
      ],
      filters: [],
    });
  });

  it('says so when the rule did not match because the filter selection held', () => {
    const explanation = mimikatz().explain('mimi', flattenEvent({ ...RUN, User: 'adm_alice' }))!;
    expect(explanation).toMatchObject({ matched: false, conditionMatched: false });
    expect(explanation.selections.find((s) => s.name === 'filter')?.items[0]?.matches).toEqual([
      { value: 'adm_', eventValue: 'adm_alice' },
    ]);
  });

  it('reports the keyword that matched and the event string it was found in', () => {
    const engine = engineFor("keywords: ['evil', 'mimikatz']\ncondition: keywords");
    const explanation = engine.explain('r1', flattenEvent({ msg: 'hello', nested: { cmd: 'run MimiKatz now' } }))!;
    expect(explanation.selections[0]!.items).toEqual([
      {
        field: null,
        modifiers: [],
        alternative: 0,
        matched: true,
        matches: [{ value: 'mimikatz', eventValue: 'run MimiKatz now' }],
      },
    ]);
  });

  it('reports the element of an array field, and items that hold without a value', () => {
    const engine = engineFor('sel:\n  Tags|contains: bad\n  User|neq: root\n  Host|exists: true\ncondition: sel');
    const explanation = engine.explain('r1', flattenEvent({ Tags: ['ok', 'very bad'], User: 'bob', Host: 'h' }))!;
    expect(explanation.matched).toBe(true);
    expect(explanation.selections[0]!.items.map((i) => [i.field, i.matched, i.matches])).toEqual([
      ['Tags', true, [{ value: 'bad', eventValue: 'very bad' }]],
      ['User', true, []],
      ['Host', true, []],
    ]);
  });

  it('explains a Sigma filter document attached to the rule', () => {
    const filter = `---
title: Admins run it
id: admins
logsource: { product: windows }
filter:
  rules: [mimi]
  selection: { User: 'ADMIN' }
  condition: selection
`;
    const explanation = mimikatz(filter).explain('mimi', flattenEvent({ ...RUN, User: 'admin' }))!;
    expect(explanation).toMatchObject({ matched: false, conditionMatched: true });
    expect(explanation.filters).toEqual([
      {
        id: 'admins',
        title: 'Admins run it',
        matched: true,
        condition: 'selection',
        selections: [
          {
            name: 'selection',
            matched: true,
            negated: false,
            items: [
              {
                field: 'User',
                modifiers: [],
                alternative: 0,
                matched: true,
                matches: [{ value: 'ADMIN', eventValue: 'admin' }],
              },
            ],
          },
        ],
      },
    ]);
  });

  it('tells a rule that never sees the event from one whose condition failed', () => {
    const explanation = mimikatz().explain('mimi', flattenEvent({ ...RUN, Channel: 'Security', EventID: 4624 }))!;
    expect(explanation).toMatchObject({ matched: false, routed: false, conditionMatched: true });
  });

  it('accepts the rule itself, and answers undefined for a rule the engine does not have', () => {
    const engine = mimikatz();
    const event = flattenEvent(RUN);
    expect(engine.explain(engine.rules[0]!, event)?.matched).toBe(true);
    expect(engine.explain('unknown', event)).toBeUndefined();
  });

  it('cuts long event values', () => {
    const engine = engineFor("sel: { C|contains: 'x' }\ncondition: sel");
    const explanation = engine.explain('r1', flattenEvent({ C: `x${'a'.repeat(5000)}` }))!;
    const value = explanation.selections[0]!.items[0]!.matches[0]!.eventValue as string;
    expect(value).toHaveLength(1001);
    expect(value.endsWith('…')).toBe(true);
  });
});
