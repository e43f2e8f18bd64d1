// Public face of the template miner.
export { TemplateMiner, type TemplateInfo } from './miner.ts';
export { MinerConfigSchema, type MinerConfig, type MinerConfigInput } from './config.ts';
export { MinerSnapshotSchema, type MinerSnapshot } from './snapshot.ts';
export { mineAll, type BatchLine } from './batch.ts';
export { mineLines, splitLines, contentsOf, type MinedRow, type MineFileOptions } from './mine-file.ts';
export { headerEnd, contentOffsets } from './header.ts';
export { maskToken, WILDCARD, type MaskedToken } from './mask.ts';
