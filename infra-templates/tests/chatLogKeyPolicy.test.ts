import { describe, expect, it } from 'vitest';
import { loadTemplate, resource } from './support/loadTemplate.ts';

interface Statement {
  Sid: string;
  Action: string[];
}

// Actions that let the holder (or a principal it names) encrypt or decrypt, directly or through a grant.
const DATA_USE = [
  'kms:CreateGrant',
  'kms:Decrypt',
  'kms:Encrypt',
  'kms:GenerateDataKey',
  'kms:GenerateDataKeyWithoutPlaintext',
  'kms:ReEncryptFrom',
  'kms:ReEncryptTo',
];

/** IAM's action matching: `*` stands for any run of characters, case-insensitive. */
function grants(pattern: string, action: string): boolean {
  const regex = pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replaceAll('*', '.*');
  return new RegExp(`^${regex}$`, 'i').test(action);
}

function keyPolicyStatements(): Statement[] {
  const key = resource(loadTemplate('chat-logs/kms-key.yaml'), 'ChatLogKey');
  return key.Properties.KeyPolicy.Statement;
}

describe('chat-log key policy (issue 12 item 13)', () => {
  it('names every administrative action explicitly: no wildcard can hide kms:CreateGrant', () => {
    // Prepare
    const admin = keyPolicyStatements().find((s) => s.Sid === 'AccountAdministersKey');

    // Act
    const wildcards = admin?.Action.filter((action) => action.includes('*'));

    // Assess
    expect(admin).toBeDefined();
    expect(wildcards).toEqual([]);
  });

  it('gives the administering account no action that leads to data use', () => {
    // Prepare
    const admin = keyPolicyStatements().find((s) => s.Sid === 'AccountAdministersKey');

    // Act
    const dataUse = DATA_USE.filter((action) => admin?.Action.some((pattern) => grants(pattern, action)));

    // Assess
    expect(dataUse).toEqual([]);
  });

  it('leaves data use to the one statement scoped to the presign role through S3', () => {
    // Prepare
    const statements = keyPolicyStatements();

    // Act
    const withDataUse = statements.filter((s) =>
      s.Action.some((pattern) => DATA_USE.some((action) => grants(pattern, action))),
    );

    // Assess
    expect(withDataUse.map((s) => s.Sid)).toEqual(['PresignRoleUsesKeyViaS3']);
    expect(withDataUse[0]?.Action).toEqual(['kms:GenerateDataKey', 'kms:Decrypt']);
  });
});