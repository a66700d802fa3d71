import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { createServer, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import { readFileSync } from 'node:fs';
import { type IngestChannel, RateLimitedError } from '@citysoc/core';
import { listenOn } from '../../platform/listen.ts';
import type { Logger } from '../../platform/log.ts';
import type { IngestService } from './ingest.service.ts';
import { SyslogFramer } from './syslog-framing.ts';

export interface SyslogOptions {
  host: string;
  /** UDP and TCP port; 0 picks a free one (tests). */
  port: number;
  /** RFC 5425 syslog over TLS, when a certificate and key are configured. */
  tls: { port: number; certFile: string; keyFile: string } | null;
  maxEventBytes: number;
}

export interface SyslogListener {
  readonly addresses: { tcp: number; udp: number; tls: number | null };
  close(): Promise<void>;
}

const UDP_FLUSH_MS = 10;
const UDP_BATCH = 2000;
/** Uncommitted events one TCP connection may have before it is paused. */
const CONNECTION_WINDOW = 20_000;

/**
 * Receives syslog over UDP, TCP and optionally TLS. A TCP connection is paused while it has too many
 * uncommitted messages, so a TCP sender's writes complete only as fast as the store takes them
 * (back-pressure). Plain syslog has no application-level acknowledgement: what the kernel has received but
 * the writer has not committed is lost on a crash, as with any syslog receiver. UDP cannot push back: datagrams that arrive while the queue is full are dropped
 * and counted.
 */
export async function startSyslogListener(deps: {
  ingest: IngestService;
  log: Logger;
  options: SyslogOptions;
}): Promise<SyslogListener> {
  const { ingest, log, options } = deps;
  const sockets = new Set<Socket>();

  const commit = (channel: IngestChannel, messages: string[]) =>
    ingest.ingestWhenReady({ channel, departmentId: null, format: 'lines' }, messages);

  function handleConnection(channel: IngestChannel) {
    return (socket: Socket) => {
      sockets.add(socket);
      const framer = new SyslogFramer(options.maxEventBytes);
      let inFlight = 0;
      const process = (messages: string[], refused: string[]) => {
        if (refused.length > 0) {
          ingest.countRejected(channel, refused.length, refused[0] as string);
        }
        if (messages.length === 0) return;
        // Batches from one connection are committed concurrently (the writer keeps their order and groups
        // them); reading stops while a connection has too many uncommitted events.
        inFlight += messages.length;
        if (inFlight > CONNECTION_WINDOW) socket.pause();
        commit(channel, messages)
          .then(() => {
            inFlight -= messages.length;
            if (inFlight <= CONNECTION_WINDOW && socket.isPaused()) socket.resume();
          })
          .catch((error: unknown) => {
            log.error({ err: error, channel }, 'syslog batch could not be stored; closing the connection');
            socket.destroy();
          });
      };
      socket.on('data', (chunk: Buffer) => {
        const { messages, refused } = framer.push(chunk);
        process(messages, refused);
      });
      socket.on('end', () => process(framer.end(), []));
      socket.on('error', (error) => log.debug({ err: error }, 'syslog connection error'));
      socket.on('close', () => sockets.delete(socket));
    };
  }

  const tcpServer = createServer(handleConnection('syslog-tcp'));
  const tcpPort = await listenOn(tcpServer, options.port, options.host);

  const udp: UdpSocket = createSocket(options.host.includes(':') ? 'udp6' : 'udp4');
  let pending: string[] = [];
  let timer: NodeJS.Timeout | null = null;
  const flush = () => {
    timer = null;
    const batch = pending;
    pending = [];
    if (batch.length === 0) return;
    ingest.ingest({ channel: 'syslog-udp', departmentId: null, format: 'lines' }, batch).catch((error: unknown) => {
      ingest.countDropped('syslog-udp', batch.length);
      if (!(error instanceof RateLimitedError)) log.error({ err: error }, 'syslog UDP batch could not be stored');
    });
  };
  udp.on('message', (message) => {
    if (ingest.isFull(pending.length + 1)) {
      ingest.countDropped('syslog-udp', 1);
      return;
    }
    pending.push(message.toString('utf8').replace(/\r?\n$/, ''));
    if (pending.length >= UDP_BATCH) flush();
    else timer ??= setTimeout(flush, UDP_FLUSH_MS);
  });
  udp.on('error', (error) => log.error({ err: error }, 'syslog UDP socket error'));
  const udpPort = await new Promise<number>((resolve, reject) => {
    udp.once('error', reject);
    // Same port number as TCP, as syslog senders expect.
    udp.bind(tcpPort, options.host, () => resolve(udp.address().port));
  });

  let tlsServer: Server | null = null;
  let tlsPort: number | null = null;
  if (options.tls) {
    tlsServer = createTlsServer(
      { cert: readFileSync(options.tls.certFile), key: readFileSync(options.tls.keyFile) },
      handleConnection('syslog-tcp'),
    );
    tlsPort = await listenOn(tlsServer, options.tls.port, options.host);
  }

  return {
    addresses: { tcp: tcpPort, udp: udpPort, tls: tlsPort },
    async close() {
      if (timer) clearTimeout(timer);
      flush();
      for (const socket of sockets) socket.end();
      await Promise.all(
        [tcpServer, tlsServer]
          .filter((s): s is Server => s !== null)
          .map((s) => new Promise((resolve) => s.close(resolve))),
      );
      await new Promise<void>((resolve) => udp.close(() => resolve()));
    },
  };
}
