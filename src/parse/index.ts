// Public face of the parse stage: what the pipeline, the CLI and the miner import.
export type { LineParser, MinedLine, ParseContext, ParsedLine } from './types.ts';
export type { ProgramParser } from './formats/program.ts';
export { createParserSet, buildParserSet, DEFAULT_MAX_LINE_LENGTH, type ParserSet, type ParserSetOptions, type ParserInfo } from './parser-set.ts';
export { BUILTIN_PROGRAM_PARSERS, builtinLineParsers, builtinParserNames } from './registry.ts';
export { detectFamily, type Family } from './detect.ts';
export { SYSLOG, scanSyslogHeader } from './formats/syslog.ts';
export { joinAuditRecords, decodeAuditHex } from './formats/auditd.ts';
export { splitCloudTrailRecords } from './formats/cloudtrail.ts';
export { DEFAULT_JSON_FIELD_MAP, type JsonFieldMap } from './formats/json-lines.ts';
export { loadParserDir, loadParserText, type LoadedLayer } from './declarative/load.ts';
export { compileDefinition, type DeclarativeParser } from './declarative/compile.ts';
export { parserDefSchema, type ParserDef } from './declarative/schema.ts';
export { templateToParserYaml, compileTemplate, type TemplateYamlOptions } from './declarative/template.ts';
export { TemplateMiner, MinerConfigSchema, MinerSnapshotSchema, mineAll, mineLines, headerEnd, contentOffsets, type TemplateInfo, type MinerConfig, type MinerConfigInput, type MinerSnapshot } from './miner/index.ts';
export { compileLogFormat, type LogFormat } from './loghub-format.ts';
