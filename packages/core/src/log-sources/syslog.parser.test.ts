import { describe, expect, it } from 'vitest';
import { parseSyslog } from './syslog.parser.ts';

describe('parseSyslog', () => {
  it('reads an RFC 5424 line with structured data and a BOM before the message', () => {
    const line =
      '<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut="3" eventSource="Application" eventID="1011"] \uFEFFAn application event log entry';
    const record = parseSyslog(line)!;
    expect(record).toMatchObject({
      priority: 165,
      facility: 20,
      severity: 5,
      version: 1,
      hostname: 'mymachine.example.com',
    });
    expect(record.appname).toBe('evntslog');
    expect(record.procid).toBeNull();
    expect(record.msgid).toBe('ID47');
    expect(record.structured_data).toEqual({
      'exampleSDID@32473': { iut: '3', eventSource: 'Application', eventID: '1011' },
    });
    expect(record.message).toBe('An application event log entry');
  });

  it('turns RFC 5424 NILVALUEs into null and unescapes structured data values', () => {
    const record = parseSyslog('<34>1 - - - - - [a@1 x="q\\"uote\\]"]')!;
    expect(record.timestamp).toBeNull();
    expect(record.hostname).toBeNull();
    expect(record.structured_data).toEqual({ 'a@1': { x: 'q"uote]' } });
    expect(record.message).toBe('');
  });

  it('reads a Linux BSD line with pid (loghub OpenSSH)', () => {
    const record = parseSyslog('Dec 10 06:55:46 LabSZ sshd[24200]: Invalid user webmaster from 173.234.31.186')!;
    expect(record).toMatchObject({ timestamp: 'Dec 10 06:55:46', hostname: 'LabSZ', appname: 'sshd', procid: '24200' });
    expect(record.message).toBe('Invalid user webmaster from 173.234.31.186');
  });

  it('keeps parentheses in the tag (loghub Linux sshd(pam_unix))', () => {
    const record = parseSyslog(
      'Jun 14 15:16:01 combo sshd(pam_unix)[19939]: authentication failure; rhost=218.188.2.4',
    )!;
    expect(record.appname).toBe('sshd(pam_unix)');
    expect(record.procid).toBe('19939');
  });

  it('reads a BSD line with PRI, a year and no hostname', () => {
    const record = parseSyslog('<13>Feb  5 2024 13:07:52 rsyslogd: started')!;
    expect(record).toMatchObject({
      priority: 13,
      timestamp: 'Feb  5 2024 13:07:52',
      hostname: null,
      appname: 'rsyslogd',
    });
    expect(record.message).toBe('started');
  });

  it('reads Check Point lines: RFC 5424 without PRI and non-standard structured data kept in the message', () => {
    const record = parseSyslog('1 2019-05-15T16:25:50Z HOSTNAME CheckPoint 19710 - [action:"Drop"; flags:"400644"]')!;
    expect(record).toMatchObject({ version: 1, hostname: 'HOSTNAME', appname: 'CheckPoint', procid: '19710' });
    expect(record.message).toBe('[action:"Drop"; flags:"400644"]');
  });

  it('keeps a truncated header in the message instead of failing', () => {
    const record = parseSyslog('<34>Oct 11 22:1')!;
    expect(record).toMatchObject({ priority: 34, timestamp: null, message: 'Oct 11 22:1' });
  });

  it('returns null for text without a syslog header', () => {
    expect(parseSyslog('[Sun Dec 04 04:47:44 2005] [notice] workerEnv.init() ok')).toBeNull();
    expect(parseSyslog('<999>Oct 11 22:14:15 host x: y')).toBeNull();
  });
});
