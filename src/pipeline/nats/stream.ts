// The JetStream side of scale-out: one stream holding the raw lines of every tenant under
// `<prefix>.<tenant>`, with work-queue retention (a message is gone once a worker acks it), and
// one durable pull consumer that every worker binds to, so N workers share the messages.
import { connect } from '@nats-io/transport-node';
import type { NatsConnection } from '@nats-io/nats-core';
import { nanos } from '@nats-io/nats-core';
import { AckPolicy, DeliverPolicy, JetStreamApiError, jetstreamManager, RetentionPolicy, StorageType } from '@nats-io/jetstream';
import { subjectPrefixOf } from './wire.ts';

export const DEFAULT_STREAM = 'STEGOSOC_LINES';
export const DEFAULT_DURABLE = 'stegosoc-workers';

export interface StreamOptions {
  stream?: string;
  /** Subjects of the stream's messages (default `stegosoc.<stream>`, so streams of other
   *  names never overlap). */
  subjectPrefix?: string;
  /** How long JetStream remembers message ids to drop re-sent duplicates (default 10 min). */
  duplicateWindowMs?: number;
}

export interface ConsumerOptions extends StreamOptions {
  durable?: string;
  /** A message not acked this long after delivery (its worker died) goes to another worker. */
  ackWaitMs?: number;
  /** Messages handed out and not acked yet, across all workers. */
  maxAckPending?: number;
}

const STREAM_NAME = /^[A-Za-z0-9_-]{1,64}$/;

export async function connectNats(url: string, name: string): Promise<NatsConnection> {
  try {
    return await connect({ servers: url, name, maxReconnectAttempts: -1 });
  } catch (err) {
    throw new Error(`cannot connect to NATS at ${url}: ${(err as Error).message}`, { cause: err });
  }
}

export interface StreamRef {
  name: string;
  subjectPrefix: string;
}

/** Creates the stream if it does not exist yet (an existing one is used as it is). */
export async function ensureStream(nc: NatsConnection, opts: StreamOptions = {}): Promise<StreamRef> {
  const name = opts.stream ?? DEFAULT_STREAM;
  if (!STREAM_NAME.test(name)) throw new Error(`invalid stream name ${JSON.stringify(name)}: use letters, digits, '_' and '-'`);
  const subjectPrefix = opts.subjectPrefix ?? subjectPrefixOf(name);
  const jsm = await jetstreamManager(nc);
  try {
    await jsm.streams.info(name);
  } catch (err) {
    if (!(err instanceof JetStreamApiError) || err.status !== 404) throw err;
    await jsm.streams.add({
      name,
      subjects: [`${subjectPrefix}.>`],
      retention: RetentionPolicy.Workqueue,
      storage: StorageType.File,
      duplicate_window: nanos(opts.duplicateWindowMs ?? 10 * 60_000),
    }).catch(async (addErr: unknown) => {
      // Another process created it meanwhile: fine, as long as it is there now.
      await jsm.streams.info(name).catch(() => { throw addErr; });
    });
  }
  return { name, subjectPrefix };
}

/** Creates the shared durable pull consumer if missing; returns its name. */
export async function ensureConsumer(nc: NatsConnection, opts: ConsumerOptions = {}): Promise<string> {
  const { name: stream } = await ensureStream(nc, opts);
  const durable = opts.durable ?? DEFAULT_DURABLE;
  const jsm = await jetstreamManager(nc);
  try {
    await jsm.consumers.info(stream, durable);
  } catch (err) {
    if (!(err instanceof JetStreamApiError) || err.status !== 404) throw err;
    await jsm.consumers.add(stream, {
      durable_name: durable,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      ack_wait: nanos(opts.ackWaitMs ?? 30_000),
      max_ack_pending: opts.maxAckPending ?? 1000,
    }).catch(async (addErr: unknown) => {
      await jsm.consumers.info(stream, durable).catch(() => { throw addErr; });
    });
  }
  return durable;
}
