export { type AreaStatistics, areaStatistics } from './analytics/areaStatistics.js';
export { computeStatistics, StatsReport, type StatsResults } from './analytics/computeStatistics.js';
export { formatStatistics } from './analytics/formatStatistics.js';
export { type LengthOfStay, lengthOfStay } from './analytics/lengthOfStay.js';
export { type MinistryTableRow, ministryTable, type PublishedFigures } from './analytics/ministryTable.js';
export { type MonthlyTrend, monthlyTrends } from './analytics/monthlyTrends.js';
export {
  type OpenDataRecord,
  openDataColumns,
  openDataCsv,
  openDataRecords,
} from './analytics/openDataRecords.js';
export { StatsFilter } from './analytics/StatsFilter.js';
export { spreadsheetCell, spreadsheetCsv } from './analytics/spreadsheetCsv.js';
export { type SummaryStatistics, summaryStatistics } from './analytics/summaryStatistics.js';
export {
  CatDataRepository,
  type ImportRecord,
  type ListCatsQuery,
  type OpenOptions,
  type RawObjectLink,
} from './CatDataRepository.js';
export { type CliIo, runCli } from './cli/runCli.js';
export { DatabaseLockedError, DirectoryLock, type LockHolder } from './db/DirectoryLock.js';
export { migrate } from './db/migrate.js';
export { type Migration, migrations } from './db/migrations.js';
export { PgliteDatabase, type PgliteDatabaseOptions } from './db/PgliteDatabase.js';
export { PostgresDatabase, type PostgresDatabaseOptions } from './db/PostgresDatabase.js';
export type { SqlDatabase, SqlSession } from './db/SqlDatabase.js';
export * from './domain/categories.js';
export * from './domain/records.js';
export * from './errors.js';
export { type CsvEncoding, type DecodedText, decodeText } from './import/decodeText.js';
export { ImportMapping, type ImportMappingInput } from './import/ImportMapping.js';
export {
  ImportReport,
  problemsToCsv,
  problemValue,
  RowDuplicate,
  RowProblem,
} from './import/ImportReport.js';
export { type ImportCsvOptions, importCsv } from './import/importCsv.js';
export { type CsvRecord, parseCsv } from './import/parseCsv.js';
export { DateFormat, type DateParseResult, parseDate } from './import/parseDate.js';
export type { RecordKindName } from './import/recordKinds.js';
export {
  type GenerateShelterCsvOptions,
  generateShelterCsv,
  sampleShelterMapping,
} from './sample/generateShelterCsv.js';
