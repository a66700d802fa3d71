export { LogSourceDefinition, type LogSourceDefinitionInput, LogSourceFormat } from './definition.schema.ts';
export { type CompileOptions, compileLogSources } from './log-source-set.ts';
export { jsonDepthExceeds, MAX_JSON_DEPTH, MAX_LINE_LENGTH } from './json-line.parser.ts';
export { GENERIC_SOURCE, type LogSourceSet, type NormalisedEvent } from './normalised-event.ts';
export { isZeekTsv, type ZeekTsvLine, ZeekTsvReader } from './zeek-tsv.ts';
