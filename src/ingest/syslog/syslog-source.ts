// A syslog receiver on UDP and/or TCP. It only frames: the message text (PRI, header and
// all) goes to the parsers, which know RFC 3164 and RFC 5424. Events get ids from the
// listener, the run and a message sequence number (the `offset` of a syslog line), since a
// network stream cannot be replayed and concurrent TCP connections share one listener.
import { createSocket, type Socket } from 'node:dgram';
import { createServer, type Server } from 'node:net';
import { once } from 'node:events';
import type { LineBatch, Source } from '../batch.ts';
import { DEFAULT_MAX_LINE_BYTES, type FramedLine } from '../framing.ts';
import { LineQueue } from '../line-queue.ts';
import { SyslogTcpDeframer } from './tcp-framing.ts';

export interface SyslogSourceOptions {
  tenant: string;
  protocol: 'udp' | 'tcp';
  host?: string;
  /** 0 picks a free port; `onListening` tells which. */
  port: number;
  maxLineBytes?: number;
  queueCapacity?: number;
  recvBufferBytes?: number;
  onListening?: (address: { host: string; port: number }) => void;
}

export function syslogSource(opts: SyslogSourceOptions): Source {
  const host = opts.host ?? '127.0.0.1';
  const maxLine = opts.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  return async function* syslog(signal: AbortSignal): AsyncGenerator<LineBatch> {
    const queue = new LineQueue(opts.queueCapacity);
    let seq = 0;
    const enqueue = (line: FramedLine) => {
      queue.push({ ...line, offset: seq, end: seq + 1 });
      seq += 1;
    };
    let closeListener: () => Promise<void>;
    let port: number;
    if (opts.protocol === 'udp') {
      // A large receive buffer absorbs bursts while a batch is being written (the kernel caps
      // it at net.core.rmem_max); what still overflows is dropped by the kernel, not by us.
      const socket: Socket = createSocket({ type: host.includes(':') ? 'udp6' : 'udp4', recvBufferSize: opts.recvBufferBytes ?? 4 * 1024 * 1024 });
      socket.on('message', (msg: Buffer) => {
        // One datagram is one message (RFC 5426); a trailing newline is sender habit.
        let n = msg.length;
        while (n > 0 && (msg[n - 1] === 0x0a || msg[n - 1] === 0x0d)) n -= 1;
        const tooLong = n > maxLine;
        enqueue({ offset: 0, end: 0, text: msg.subarray(0, Math.min(n, maxLine)).toString('utf8'), length: n, tooLong });
      });
      socket.bind(opts.port, host);
      await once(socket, 'listening');
      port = socket.address().port;
      closeListener = () => new Promise<void>((resolve) => socket.close(() => resolve()));
    } else {
      const server: Server = createServer((conn) => {
        const deframer = new SyslogTcpDeframer(maxLine);
        conn.on('data', (chunk: Buffer) => {
          for (const line of deframer.push(chunk)) enqueue(line);
        });
        const finish = () => {
          for (const line of deframer.flush()) enqueue(line);
        };
        conn.on('end', finish);
        conn.on('error', () => conn.destroy());
      });
      server.listen(opts.port, host);
      await once(server, 'listening');
      const addr = server.address();
      port = typeof addr === 'object' && addr ? addr.port : opts.port;
      closeListener = () => new Promise<void>((resolve) => server.close(() => resolve()));
    }
    const source = `syslog-${opts.protocol}:${host}:${port}`;
    const sourceId = `${source}:${Date.now()}:${process.pid}`;
    opts.onListening?.({ host, port });
    try {
      while (true) {
        const got = await queue.take(signal);
        if (!got) return;
        yield { tenant: opts.tenant, source, sourceId, lines: got.lines, dropped: got.dropped };
      }
    } finally {
      await closeListener();
    }
  };
}
