import { CloudTrailParseError } from '../errors.js';
import { type CloudTrailInput, parseCloudTrailDetailed } from '../parseCloudTrail.js';
import type { ParsedEvent } from '../types/CloudTrailRecord.js';
import { CloudTrailFileError } from './errors.js';

/**
 * Parses one CloudTrail file and names it when it is not CloudTrail: not JSON, or JSON whose every record lacks the
 * fields every CloudTrail record has (`eventTime`, `eventName`, `eventSource`) — a `package.json` or a mapping file
 * dropped into the folder. A file with no records at all (`{"Records":[]}`) is an empty log, not an error; a file
 * with some unusable records keeps its good ones, as {@link parseCloudTrail} does.
 *
 * @example
 * const events = parseCloudTrailFile('2024/07/30/trail.json.gz', await readFile(path));
 * @internal
 */
export function parseCloudTrailFile(name: string, content: CloudTrailInput): ParsedEvent[] {
  let result: ReturnType<typeof parseCloudTrailDetailed>;
  try {
    result = parseCloudTrailDetailed(content);
  } catch (error) {
    if (error instanceof CloudTrailFileError) throw error;
    if (error instanceof CloudTrailParseError)
      throw new CloudTrailFileError(name, `not CloudTrail: ${error.message}`, { cause: error });
    throw error;
  }
  const { events, rejected } = result;
  if (events.length === 0 && rejected.length > 0) {
    throw new CloudTrailFileError(
      name,
      `not CloudTrail: none of its ${rejected.length} records is a CloudTrail event (first: ${rejected[0]!.reason})`,
    );
  }
  return events;
}
