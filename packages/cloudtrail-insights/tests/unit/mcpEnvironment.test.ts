import { thrownBy } from '@mv/testing';
import { describe, expect, it } from 'vitest';
import { ConfigError, McpEnvironment, mcpOptionsFromEnv } from '../../src/index.js';
import { FIXTURE_DIR } from '../support/fixtures.js';

const base = { MCP_AUTH_MODE: 'none', CLOUDTRAIL_FILES: FIXTURE_DIR };

const configError = (env: Record<string, string>) => thrownBy(() => mcpOptionsFromEnv(env), ConfigError);

describe('the MCP server environment (McpEnvironment)', () => {
  it.each([
    [{ MCP_TOOL_TIME_BUDGET_MS: 'soon' }, 'MCP_TOOL_TIME_BUDGET_MS'],
    [{ CLOUDTRAIL_SOURCE: 'lookup', CLOUDTRAIL_CALLS_PER_SECOND: 'fast' }, 'CLOUDTRAIL_CALLS_PER_SECOND'],
    [{ CLOUDTRAIL_SOURCE: 'lookup', CLOUDTRAIL_CALLS_PER_SECOND: '000' }, 'CLOUDTRAIL_CALLS_PER_SECOND'],
    [{ CLOUDTRAIL_ENGINE: 'sqlite' }, 'CLOUDTRAIL_ENGINE'],
    [{ CLOUDTRAIL_SOURCE: 'lake' }, 'CLOUDTRAIL_SOURCE'],
    [{ MCP_AUTH_MODE: 'open' }, 'MCP_AUTH_MODE'],
    [{ MCP_AUTH_MODE: 'token', MCP_AUTH_TOKEN_SECRET_ARN: 'my-token' }, 'MCP_AUTH_TOKEN_SECRET_ARN'],
    [{ DUCKDB_MEMORY_LIMIT: 'plenty' }, 'DUCKDB_MEMORY_LIMIT'],
    // A size, but too small for one DuckDB thread to read trail files.
    [{ DUCKDB_MEMORY_LIMIT: '64MB' }, 'DUCKDB_MEMORY_LIMIT'],
    [{ DUCKDB_THREADS: '0' }, 'DUCKDB_THREADS'],
  ])('refuses %j at start, naming the variable without echoing its value', (override, variable) => {
    // Act
    const error = configError({ ...base, ...override });
    // Assess
    expect(error.variable).toBe(variable);
    for (const value of Object.values(override)) expect(error.message).not.toContain(`${value}`);
  });

  it('hands typed settings to the server: numbers as numbers, empty settings as unset', () => {
    // Act
    const options = mcpOptionsFromEnv({ ...base, MCP_TOOL_TIME_BUDGET_MS: ' 25000 ', BEDROCK_MODEL_ID: '' });
    const parsed = McpEnvironment.parse({
      CLOUDTRAIL_CALLS_PER_SECOND: '0.5',
      ATHENA_MAX_BYTES_SCANNED: '1000',
    });
    // Assess
    expect(options.toolTimeBudgetMs).toBe(25_000);
    expect(options.analyst).toBeUndefined();
    expect(parsed).toMatchObject({ CLOUDTRAIL_CALLS_PER_SECOND: 0.5, ATHENA_MAX_BYTES_SCANNED: 1000 });
  });

  it('hands the DuckDB engine its memory limit and thread count', async () => {
    // Act
    const options = mcpOptionsFromEnv({ ...base, DUCKDB_MEMORY_LIMIT: '1GiB', DUCKDB_THREADS: '1' });
    // Assess
    expect(await options.provider.status()).toMatchObject({ threads: 1, memoryLimit: '1GiB' });
  });
});
