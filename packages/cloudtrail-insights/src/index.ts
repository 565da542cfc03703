export type {
  ErrorBody,
  HttpCore,
  LambdaContextLike,
  LambdaHttpEvent as FunctionUrlEvent,
  LambdaHttpHandler,
  LambdaHttpResult as FunctionUrlResult,
  RequestContext,
} from '@mv/http-edge';
export { AGENT_SYSTEM_PROMPT } from './agentPrompt.js';
export { ActivityAggregator, type AggregateOptions, aggregateEvents } from './aggregateEvents.js';
export { type AnalyzeOptions, analyzeActivity } from './analyzeActivity.js';
export {
  ANALYST_SYSTEM_PROMPT,
  type ClaudeAnalysisResult,
  ClaudeAnalyst,
  type ClaudeAnalystOptions,
} from './bedrock/ClaudeAnalyst.js';
export { featureSummary, MAX_FEATURE_CHARS } from './bedrock/featureSummary.js';
export * from './errors.js';
export { identityKey } from './identityKey.js';
export { identityName } from './identityName.js';
export { IdentityLabeller, labelIdentities } from './labelIdentities.js';
export { createMcpServer, type McpServerOptions } from './mcp/createMcpServer.js';
export {
  createMcpCore,
  handleMcpRequest,
  type McpAuthMode,
  type McpHandlerOptions,
} from './mcp/handleMcpRequest.js';
export {
  createBufferedHandler,
  createStreamingHandler,
  type LambdaStreamingRuntime,
} from './mcp/lambdaHandler.js';
export { McpEnvironment, mcpOptionsFromEnv } from './mcp/optionsFromEnv.js';
export {
  MCP_MAX_BODY_BYTES,
  type McpHttpServerOptions,
  type RunningServer,
  startMcpHttpServer,
} from './mcp/startHttpServer.js';
export { AnomalyDetector, type AnomalyOptions } from './model/AnomalyDetector.js';
export { BehaviourModel, type BehaviourModelOptions, type PredictionQuery } from './model/BehaviourModel.js';
export { type EvaluateOptions, evaluate } from './model/evaluate.js';
export { SENSITIVE_ACTIONS } from './model/sensitiveActions.js';
export { DEFAULT_SESSION_GAP_MINUTES, sessionise } from './model/sessionise.js';
export { iamActionFor, type SuggestPolicyOptions, suggestPolicy } from './model/suggestPolicy.js';
export { isPlausibleRegion, normaliseRecord } from './normaliseRecord.js';
export {
  type CloudTrailInput,
  type ParseResult,
  parseCloudTrail,
  parseCloudTrailDetailed,
  type RejectedRecord,
} from './parseCloudTrail.js';
export { AthenaEngine, type AthenaEngineOptions } from './query/AthenaEngine.js';
export { activitySummary, type SummaryOptions } from './query/analyses/activitySummary.js';
export { forEachSession, type SequenceOptions } from './query/analyses/callSequences.js';
export { type EventPage, eventLookup, type LookupAnswer } from './query/analyses/eventLookup.js';
export {
  type IdentityBaseline,
  identityBaselines,
  type SeenValue,
} from './query/analyses/identityBaselines.js';
export { suggestPolicyFromEngine, type UsedAction, usedActions } from './query/analyses/usedActions.js';
export { DuckDbEngine, type DuckDbEngineOptions } from './query/DuckDbEngine.js';
export * from './query/errors.js';
export type { Answer, QueryEngine, QueryStats } from './query/QueryEngine.js';
export { QueryFilter, resolveFilter } from './query/QueryFilter.js';
export { estimateScanBytes, listTrailFiles, type TrailFile } from './query/trailFiles.js';
export { CallPacer, type PacerClock, type PacerState } from './sources/CallPacer.js';
export {
  type EventProvider,
  filesProvider,
  lookupEventsProvider,
  s3Provider,
} from './sources/EventProvider.js';
export { CloudTrailFileError, LogFileTooLargeError, WindowTooLongError } from './sources/errors.js';
export {
  DEFAULT_MAX_EVENTS,
  LookupEventsSource,
  type LookupEventsSourceOptions,
  type LookupPage,
  type LookupResult,
} from './sources/LookupEventsSource.js';
export { matchesAttribute } from './sources/matchesAttribute.js';
export { readCloudTrailFiles } from './sources/readCloudTrailFiles.js';
export {
  S3LogFileSource,
  type S3LogFileSourceOptions,
  type S3ReadQuery,
  type S3ReadResult,
} from './sources/S3LogFileSource.js';
export { resolveTimeRange } from './sources/timeRange.js';
export * from './types/ActivityReport.js';
export * from './types/ActivitySummary.js';
export * from './types/Behaviour.js';
export * from './types/ClaudeAnalysis.js';
export * from './types/CloudTrailRecord.js';
export * from './types/LookupQuery.js';
export { type AnalysisQuery, analysisView } from './ui/analysisApi.js';
export { startWebUi, type WebUiOptions } from './ui/startWebUi.js';
export { VERSION } from './version.js';
