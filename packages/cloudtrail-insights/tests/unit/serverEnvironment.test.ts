import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/index.js';
import { buffered, localServerSettings } from '../../src/mcp/serverEnvironment.js';

describe('the local servers and the Lambda function read their own settings through a schema', () => {
  it('defaults to loopback and allows the hosts it is told about, the public origin included', () => {
    // Act
    const defaults = localServerSettings({}, 8000);
    const behindProxy = localServerSettings(
      {
        PORT: '9000',
        HOST: '0.0.0.0',
        ALLOWED_HOSTS: 'a.example, b.example',
        PUBLIC_ORIGIN: 'https://ui.example',
      },
      8501,
    );
    // Assess
    expect(defaults).toEqual({ port: 8000, host: '127.0.0.1', allowedHosts: [] });
    expect(behindProxy).toEqual({
      port: 9000,
      host: '0.0.0.0',
      allowedHosts: ['a.example', 'b.example', 'ui.example'],
    });
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    // Numbers to Number() but not port numbers as written: only digits pass.
    [{ PORT: '8e3' }, 'PORT'],
    [{ PORT: '0x1f90' }, 'PORT'],
    [{ PUBLIC_ORIGIN: 'insights.example.com' }, 'PUBLIC_ORIGIN'],
  ])('refuses %j with a ConfigError naming the variable', (env, variable) => {
    // Act / Assess
    expect(() => localServerSettings(env, 8000)).toThrow(
      expect.objectContaining({ variable, constructor: ConfigError }),
    );
  });

  it('answers buffered only when MCP_INVOKE_MODE says so, and refuses a mode that does not exist', () => {
    // Act / Assess
    expect(buffered({})).toBe(false);
    expect(buffered({ MCP_INVOKE_MODE: 'BUFFERED' })).toBe(true);
    expect(() => buffered({ MCP_INVOKE_MODE: 'buffer' })).toThrow(ConfigError);
  });
});
