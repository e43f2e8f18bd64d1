// The correlation stream: the second JetStream stream of scale-out, holding correlation inputs
// under `<prefix>.<tenant>.<partition>` with work-queue retention. Each partition has its own
// durable consumer (filter `<prefix>.*.<partition>`), so one correlator reads a partition in
// stream order. The number of partitions is fixed when the stream is created and recorded in
// its description: workers and correlators started with another number refuse to run, since
// they would hash groups to other partitions.
import type { NatsConnection } from '@nats-io/nats-core';
import { nanos } from '@nats-io/nats-core';
import { AckPolicy, DeliverPolicy, jetstream, JetStreamApiError, jetstreamManager, RetentionPolicy, StorageType } from '@nats-io/jetstream';
import { encodeInput, type CorrelationInputMessage } from './correlation-wire.ts';
import { subjectPrefixOf } from './wire.ts';

export const DEFAULT_CORRELATION_STREAM = 'STEGOSOC_CORRELATE';
export const DEFAULT_PARTITIONS = 8;

export interface CorrelationStreamOptions {
  stream?: string;
  /** Partitions (default 8); must match the stream's when it exists. */
  partitions?: number;
  duplicateWindowMs?: number;
}

export interface CorrelationStreamRef {
  name: string;
  subjectPrefix: string;
  partitions: number;
}

const STREAM_NAME = /^[A-Za-z0-9_-]{1,64}$/;
const PARTITIONS_NOTE = /partitions=(\d+)/;

export async function ensureCorrelationStream(nc: NatsConnection, opts: CorrelationStreamOptions = {}): Promise<CorrelationStreamRef> {
  const name = opts.stream ?? DEFAULT_CORRELATION_STREAM;
  if (!STREAM_NAME.test(name)) throw new Error(`invalid stream name ${JSON.stringify(name)}: use letters, digits, '_' and '-'`);
  const partitions = opts.partitions ?? DEFAULT_PARTITIONS;
  if (!Number.isInteger(partitions) || partitions < 1 || partitions > 1024) throw new Error(`partitions must be 1..1024, got ${partitions}`);
  const subjectPrefix = subjectPrefixOf(name);
  const jsm = await jetstreamManager(nc);
  const check = (description: string | undefined) => {
    const had = Number(PARTITIONS_NOTE.exec(description ?? '')?.[1]);
    if (had !== partitions) throw new Error(`correlation stream ${name} has ${had || 'unknown'} partitions, not ${partitions}: start every worker and correlator with the stream's number`);
  };
  try {
    check((await jsm.streams.info(name)).config.description);
  } catch (err) {
    if (!(err instanceof JetStreamApiError) || err.status !== 404) throw err;
    await jsm.streams.add({
      name,
      description: `StegoSOC correlation inputs, partitions=${partitions}`,
      subjects: [`${subjectPrefix}.>`],
      retention: RetentionPolicy.Workqueue,
      storage: StorageType.File,
      duplicate_window: nanos(opts.duplicateWindowMs ?? 10 * 60_000),
    }).catch(async (addErr: unknown) => {
      check((await jsm.streams.info(name).catch(() => { throw addErr; })).config.description);
    });
  }
  return { name, subjectPrefix, partitions };
}

export function partitionDurable(partition: number): string {
  return `stegosoc-correlator-p${partition}`;
}

/** (Re)creates the durable consumer of one partition, delivering from the oldest message the
 *  stream still holds. Recreated rather than resumed: a consumer that outlived a killed
 *  correlator would hold its unacked messages back for the ack wait and deliver newer ones
 *  first, breaking the order the windows need. Only one correlator may own a partition. */
export async function resetPartitionConsumer(nc: NatsConnection, ref: CorrelationStreamRef, partition: number, ackWaitMs = 60_000): Promise<string> {
  const jsm = await jetstreamManager(nc);
  const durable = partitionDurable(partition);
  await jsm.consumers.delete(ref.name, durable).catch((err: unknown) => {
    if (!(err instanceof JetStreamApiError) || err.status !== 404) throw err;
  });
  await jsm.consumers.add(ref.name, {
    durable_name: durable,
    filter_subject: `${ref.subjectPrefix}.*.${partition}`,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    ack_wait: nanos(ackWaitMs),
    max_ack_pending: 10_000,
  });
  return durable;
}

/** Publishes inputs and waits until the stream holds every one (duplicates included). */
export async function publishInputs(nc: NatsConnection, ref: CorrelationStreamRef, tenant: string, inputs: readonly CorrelationInputMessage[]): Promise<void> {
  const js = jetstream(nc);
  const acks = inputs.map((m) => {
    const e = encodeInput(ref.subjectPrefix, tenant, ref.partitions, m);
    return js.publish(e.subject, e.body, { msgID: e.msgID, headers: e.headers });
  });
  await Promise.all(acks);
}
