/**
 * Exact-length reads over a stream of chunks, for parsing a framed format: `read(n)` returns n bytes, or fewer
 * only at the end of the stream. Holds at most one partly used chunk plus what a read asks for.
 */
export class ByteReader {
  readonly #iterator: AsyncIterator<Buffer>;
  #chunk: Buffer = Buffer.alloc(0);
  #offset = 0;
  #done = false;
  /** Bytes handed out so far. */
  consumed = 0;

  constructor(source: AsyncIterable<Buffer>) {
    this.#iterator = source[Symbol.asyncIterator]();
  }

  async read(length: number): Promise<Buffer> {
    const parts: Buffer[] = [];
    let missing = length;
    while (missing > 0) {
      if (this.#offset >= this.#chunk.length) {
        if (this.#done) break;
        const next = await this.#iterator.next();
        if (next.done === true) {
          this.#done = true;
          break;
        }
        this.#chunk = Buffer.isBuffer(next.value) ? next.value : Buffer.from(next.value);
        this.#offset = 0;
        continue;
      }
      const take = Math.min(missing, this.#chunk.length - this.#offset);
      parts.push(this.#chunk.subarray(this.#offset, this.#offset + take));
      this.#offset += take;
      missing -= take;
    }
    const result = parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts);
    this.consumed += result.length;
    return result;
  }
}
