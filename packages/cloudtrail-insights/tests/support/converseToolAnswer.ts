/** A Converse answer in which Claude calls the analysis tool with `input`, as Bedrock Runtime returns it. */
export function converseToolAnswer(input: unknown) {
  return {
    output: {
      message: {
        role: 'assistant' as const,
        content: [{ toolUse: { toolUseId: 't1', name: 'record_behaviour_analysis', input: input as never } }],
      },
    },
    stopReason: 'tool_use' as const,
    usage: { inputTokens: 900, outputTokens: 200, totalTokens: 1100 },
    metrics: { latencyMs: 1 },
    $metadata: {},
  };
}
