import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { z } from 'zod';
import { InvalidQueryError } from '../errors.js';
import type { McpServerOptions } from '../mcp/createMcpServer.js';
import { VERSION } from '../version.js';
import { ChatWindow } from './chatWindow.js';
import { connectInProcessMcp } from './inProcessMcp.js';
import { toolResultSummary } from './toolResultSummary.js';

type Row = Record<string, unknown>;

/** A common question answered by one MCP tool, without a model: the chat's offer when Bedrock is unavailable. */
interface QuickQuestion {
  label: string;
  tool: string;
  needsIdentity: boolean;
  args(window: ChatWindow): Record<string, unknown>;
  markdown(result: Row): string;
}

const cell = (value: unknown) =>
  String(value ?? '')
    .replace(/[|\\]/g, (c) => `\\${c}`)
    .replace(/\s+/g, ' ');
const table = (head: string[], rows: unknown[][]) =>
  [
    `| ${head.join(' | ')} |`,
    `|${head.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
  ].join('\n');
const span = ({ startTime, endTime }: ChatWindow) => ({ startTime, endTime });
const truncatedNote = (r: Row) => (r.truncated ? '\n\n_Truncated: narrow the window._' : '');

/** The questions of the no-model chat, by id. @internal */
export const QUICK_QUESTIONS: Record<string, QuickQuestion> = {
  'event-names': {
    label: 'Which API calls are most frequent?',
    tool: 'get_cloudtrail_event_names',
    needsIdentity: false,
    args: (w) => ({ ...span(w), ...(w.identity ? { username: w.identity } : {}) }),
    markdown: (r) => {
      const names = (r.eventNames as { key: string; count: number }[]).slice(0, 15);
      return `**${r.total} events**\n\n${table(
        ['Event name', 'Calls'],
        names.map((n) => [n.key, n.count]),
      )}${truncatedNote(r)}`;
    },
  },
  activity: {
    label: 'Who is active, and is anything unusual?',
    tool: 'analyze_developer_activity',
    needsIdentity: false,
    args: (w) => ({
      ...span(w),
      ...(w.identity ? { username: w.identity } : {}),
      maxIdentities: 10,
      useClaude: false,
    }),
    markdown: (r) => {
      const report = r.report as {
        identities: { identity: string; events: number; anomalies: { severity: string; detail: string }[] }[];
      };
      const rows = report.identities.map((i) => [
        i.identity,
        i.events,
        i.anomalies.filter((a) => a.severity === 'high').length,
        i.anomalies.find((a) => a.severity === 'high')?.detail ?? '',
      ]);
      return `${table(['Identity', 'Calls', 'High-severity anomalies', 'First of them'], rows)}${truncatedNote(r)}`;
    },
  },
  predict: {
    label: 'What will this identity do next?',
    tool: 'predict_next_actions',
    needsIdentity: true,
    args: (w) => ({ ...span(w), identity: w.identity }),
    markdown: (r) => {
      const predictions = r.predictions as { eventName: string; probability: number }[];
      const after = (r.history as string[]).join(' → ') || '(session start)';
      return `After ${cell(after)}:\n\n${table(
        ['Next call', 'Probability'],
        predictions.map((p) => [p.eventName, `${(p.probability * 100).toFixed(1)}%`]),
      )}${truncatedNote(r)}`;
    },
  },
  policy: {
    label: 'Which permissions does this identity need?',
    tool: 'suggest_least_privilege_policy',
    needsIdentity: true,
    args: (w) => ({ ...span(w), identity: w.identity }),
    markdown: (r) =>
      `From ${r.basedOnEvents} successful calls (${r.distinctActions} distinct):\n\n\`\`\`json\n${JSON.stringify(r.policy, null, 2)}\n\`\`\`${truncatedNote(r)}`,
  },
};

/** A quick-question request of the page. */
export const QuickQuestionRequest = z
  .object({
    question: z.enum(Object.keys(QUICK_QUESTIONS) as [string, ...string[]]),
    window: ChatWindow.optional(),
  })
  .strict();
export type QuickQuestionRequest = z.infer<typeof QuickQuestionRequest>;

/** What the page shows for a quick question: the tool call and its result as Markdown. */
export interface QuickAnswer {
  question: string;
  tool: string;
  input: Record<string, unknown>;
  status: 'success' | 'error';
  summary: string;
  markdown: string;
}

/**
 * Answers one of {@link QUICK_QUESTIONS} by calling its MCP tool directly (in process) and rendering the result as
 * Markdown: real tool output, no model. A tool error is shown as the tool's own (safe) message.
 *
 * @example
 * const answer = await runQuickQuestion({ question: 'event-names', window }, { provider });
 */
export async function runQuickQuestion(
  request: QuickQuestionRequest,
  mcp: McpServerOptions,
): Promise<QuickAnswer> {
  const question = QUICK_QUESTIONS[request.question] as QuickQuestion;
  const window = request.window ?? {};
  if (question.needsIdentity && !window.identity)
    throw new InvalidQueryError(
      'Choose an identity on the dashboard first: this question is about one identity',
    );
  const input = Object.fromEntries(Object.entries(question.args(window)).filter(([, v]) => v !== undefined));
  const server = await connectInProcessMcp(mcp);
  const client = new Client({ name: 'mv-cloudtrail-ui', version: VERSION });
  try {
    await client.connect(server.transport);
    const result = await client.callTool({ name: question.tool, arguments: input });
    const text = (result.content as { type: string; text?: string }[]).map((c) => c.text ?? '').join('\n');
    if (result.isError)
      return {
        question: question.label,
        tool: question.tool,
        input,
        status: 'error',
        summary: text.slice(0, 160),
        markdown: cell(text),
      };
    return {
      question: question.label,
      tool: question.tool,
      input,
      status: 'success',
      summary: toolResultSummary(text),
      markdown: question.markdown(JSON.parse(text) as Row),
    };
  } finally {
    await client.close().catch(() => {});
    await server.close().catch(() => {});
  }
}
