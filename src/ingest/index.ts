// Public face of ingestion: sources (files, stdin, syslog) that yield framed line batches.
export type { LineBatch, Source } from './batch.ts';
export { LineFramer, DEFAULT_MAX_LINE_BYTES, tooLongReason, type FramedLine } from './framing.ts';
export { fileSource, type FileSourceOptions, type FileCheckpointState } from './file-source.ts';
export { streamSource, type StreamSourceOptions } from './stdin-source.ts';
export { syslogSource, type SyslogSourceOptions } from './syslog/syslog-source.ts';
export { SyslogTcpDeframer } from './syslog/tcp-framing.ts';
