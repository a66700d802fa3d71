/**
 * Splits a TCP syslog byte stream into messages (RFC 6587): octet counting (`<len> <msg>`) when a frame
 * starts with a digit, newline-terminated ("non-transparent") framing otherwise; a sender may mix them.
 * Oversized frames are reported, skipped to their end, and never buffered beyond the limit.
 */
export class SyslogFramer {
  private buffer: Buffer = Buffer.alloc(0);
  /** Bytes of an oversized octet-counted frame still to skip, or -1 when skipping to the next newline. */
  private skipping = 0;

  constructor(private readonly maxFrameBytes: number) {}

  /** Feeds a chunk; returns complete messages and the reasons for frames that were refused. */
  push(chunk: Buffer): { messages: string[]; refused: string[] } {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    const messages: string[] = [];
    const refused: string[] = [];
    for (;;) {
      if (this.skipping !== 0 && !this.skip()) break;
      if (this.buffer.length === 0) break;
      const first = this.buffer[0] as number;
      if (first >= 0x30 && first <= 0x39) {
        const space = this.buffer.indexOf(0x20);
        if (space === -1) {
          if (this.buffer.length > 10) {
            refused.push('octet count is not followed by a space');
            this.skipping = -1;
            continue;
          }
          break;
        }
        const length = Number(this.buffer.subarray(0, space).toString('latin1'));
        if (!Number.isSafeInteger(length) || space > 10) {
          refused.push('invalid octet count');
          this.skipping = -1;
          continue;
        }
        if (length > this.maxFrameBytes) {
          refused.push(`message of ${length} bytes is larger than ${this.maxFrameBytes}`);
          this.buffer = this.buffer.subarray(space + 1);
          this.skipping = length;
          continue;
        }
        if (this.buffer.length < space + 1 + length) break;
        messages.push(
          this.buffer
            .subarray(space + 1, space + 1 + length)
            .toString('utf8')
            .replace(/\r?\n$/, ''),
        );
        this.buffer = this.buffer.subarray(space + 1 + length);
        continue;
      }
      const newline = this.buffer.indexOf(0x0a);
      if (newline === -1) {
        if (this.buffer.length > this.maxFrameBytes) {
          refused.push(`line is larger than ${this.maxFrameBytes} bytes`);
          this.buffer = Buffer.alloc(0);
          this.skipping = -1;
        }
        break;
      }
      const line = this.buffer.subarray(0, newline).toString('utf8').replace(/\r$/, '');
      this.buffer = this.buffer.subarray(newline + 1);
      if (line.length > 0) messages.push(line);
    }
    // Keep only the unconsumed tail, not the whole chunk it was cut from.
    if (this.buffer.length > 0 && this.buffer.byteOffset !== 0) this.buffer = Buffer.from(this.buffer);
    return { messages, refused };
  }

  /** What is left when the connection closes: a last line without its newline is still a message. */
  end(): string[] {
    const rest = this.skipping === 0 ? this.buffer.toString('utf8').trim() : '';
    this.buffer = Buffer.alloc(0);
    return rest.length > 0 ? [rest] : [];
  }

  private skip(): boolean {
    if (this.skipping > 0) {
      const skipped = Math.min(this.skipping, this.buffer.length);
      this.buffer = this.buffer.subarray(skipped);
      this.skipping -= skipped;
      return this.skipping === 0;
    }
    const newline = this.buffer.indexOf(0x0a);
    if (newline === -1) {
      this.buffer = Buffer.alloc(0);
      return false;
    }
    this.buffer = this.buffer.subarray(newline + 1);
    this.skipping = 0;
    return true;
  }
}
