import { createHash } from 'node:crypto';
import type { AuditEntry } from '@citysoc/core';

/** The hash the first entry chains to. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * RFC 8785 canonical JSON: the same value always yields the same bytes, whatever the key order. For values
 * that came from JSON, RFC 8785 is exactly ECMAScript's own number and string serialisation with object keys
 * sorted by UTF-16 code units, which is what this does; the only npm implementation ships types that do not
 * match its CommonJS export, so these few lines are clearer than the casts needed to use it.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    const text = JSON.stringify(value);
    if (text === undefined) throw new Error(`a ${typeof value} cannot be represented as JSON`);
    return text;
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Digest of an object's state before or after a change; null when there is no such state. */
export function digestOf(value: unknown): string | null {
  return value === undefined || value === null ? null : sha256(canonicalJson(value));
}

/** SHA-256 over the canonical entry, which includes the previous entry's hash: this is the chain link. */
export function hashEntry(entry: Omit<AuditEntry, 'hash'>): string {
  return sha256(canonicalJson(entry));
}

export interface ChainBreak {
  seq: number;
  reason: string;
}

/**
 * Walks entries in seq order and reports the first break. Stateful so it can verify a log far larger than
 * memory one page at a time: call `next` per entry, then `finish` with the recorded head.
 */
export class ChainVerifier {
  private expectedSeq = 1;
  private previousHash = GENESIS_HASH;
  count = 0;

  next(entry: AuditEntry): ChainBreak | null {
    if (entry.seq !== this.expectedSeq) {
      return entry.seq > this.expectedSeq
        ? { seq: this.expectedSeq, reason: `entries ${this.expectedSeq}..${entry.seq - 1} are missing (deleted)` }
        : { seq: entry.seq, reason: `entry ${entry.seq} appears out of order` };
    }
    if (entry.prevHash !== this.previousHash) {
      return {
        seq: entry.seq,
        reason: 'previous-hash link does not match the preceding entry (reordered or replaced)',
      };
    }
    const { hash, ...content } = entry;
    if (hashEntry(content) !== hash) {
      return { seq: entry.seq, reason: 'content does not match its hash (edited)' };
    }
    this.expectedSeq += 1;
    this.previousHash = hash;
    this.count += 1;
    return null;
  }

  /** The head row records the last appended entry; a shorter log means entries were cut off its end. */
  finish(head: { seq: number; hash: string }): ChainBreak | null {
    const lastSeq = this.expectedSeq - 1;
    if (head.seq > lastSeq) {
      return { seq: lastSeq + 1, reason: `entries ${lastSeq + 1}..${head.seq} are missing from the end (deleted)` };
    }
    if (head.seq < lastSeq) {
      return { seq: head.seq + 1, reason: `entries after ${head.seq} were appended outside the audit log` };
    }
    if (head.hash !== this.previousHash) {
      return { seq: lastSeq, reason: 'last entry does not match the recorded head (edited)' };
    }
    return null;
  }
}
