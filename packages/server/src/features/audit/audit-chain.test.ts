import type { AuditEntry } from '@citysoc/core';
import { describe, expect, it } from 'vitest';
import { canonicalJson, ChainVerifier, GENESIS_HASH, hashEntry } from './audit-chain.ts';

function chain(length: number): AuditEntry[] {
  const entries: AuditEntry[] = [];
  let prevHash = GENESIS_HASH;
  for (let seq = 1; seq <= length; seq += 1) {
    const content = {
      seq,
      at: `2026-01-01T00:00:0${seq}.000Z`,
      actorKind: 'user' as const,
      actorId: 'u1',
      actorName: 'alice',
      action: 'department.create',
      targetType: 'department',
      targetId: `d${seq}`,
      departmentId: `d${seq}`,
      beforeDigest: null,
      afterDigest: null,
      details: { name: `Department ${seq}` },
      prevHash,
    };
    const entry = { ...content, hash: hashEntry(content) };
    entries.push(entry);
    prevHash = entry.hash;
  }
  return entries;
}

function verify(
  entries: AuditEntry[],
  head = { seq: entries.at(-1)?.seq ?? 0, hash: entries.at(-1)?.hash ?? GENESIS_HASH },
) {
  const verifier = new ChainVerifier();
  for (const entry of entries) {
    const broken = verifier.next(entry);
    if (broken) return broken;
  }
  return verifier.finish(head);
}

describe('canonicalJson', () => {
  it('orders keys so equal objects give equal bytes', () => {
    expect(canonicalJson({ b: 1, a: { d: [true, null], c: 'x' } })).toBe('{"a":{"c":"x","d":[true,null]},"b":1}');
  });

  it('serialises numbers and strings as RFC 8785 (ECMAScript) does', () => {
    expect(canonicalJson({ n: 1e21, f: 0.1, s: 'é\u2028"' })).toBe('{"f":0.1,"n":1e+21,"s":"é\u2028\\""}');
  });
});

describe('ChainVerifier', () => {
  it('accepts an intact chain', () => {
    expect(verify(chain(5))).toBeNull();
  });

  it('detects an edited entry', () => {
    const entries = chain(5);
    entries[2] = { ...entries[2]!, actorName: 'mallory' };
    expect(verify(entries)).toEqual({ seq: 3, reason: expect.stringMatching(/edited/) });
  });

  it('detects a deleted entry in the middle', () => {
    const entries = chain(5);
    entries.splice(1, 1);
    expect(verify(entries)).toEqual({ seq: 2, reason: expect.stringMatching(/missing/) });
  });

  it('detects entries deleted from the end against the recorded head', () => {
    const entries = chain(5);
    const head = { seq: 5, hash: entries[4]!.hash };
    expect(verify(entries.slice(0, 3), head)).toEqual({
      seq: 4,
      reason: expect.stringMatching(/missing from the end/),
    });
  });

  it('detects reordered entries even when their seq numbers are swapped back', () => {
    const entries = chain(5);
    const [third, fourth] = [entries[2]!, entries[3]!];
    entries[2] = { ...fourth, seq: 3 };
    entries[3] = { ...third, seq: 4 };
    expect(verify(entries)?.seq).toBe(3);
  });

  it('detects an edit whose hash was recomputed, through the next link', () => {
    const entries = chain(5);
    const { hash: _old, ...content } = { ...entries[1]!, targetId: 'forged' };
    entries[1] = { ...content, hash: hashEntry(content) };
    expect(verify(entries)).toEqual({ seq: 3, reason: expect.stringMatching(/previous-hash/) });
  });
});
