import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminInitiateAuthCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  CreateGroupCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { motoCredentials } from '@mv/testing';

/** A user pool in moto with the `staff` and `viewer` groups, and a way to sign users in. */
export async function createCognitoPool(endpoint: string) {
  const cognito = new CognitoIdentityProviderClient({ ...motoCredentials, endpoint });
  const pool = await cognito.send(new CreateUserPoolCommand({ PoolName: 'cat-data-test' }));
  const userPoolId = pool.UserPool!.Id!;
  const client = await cognito.send(
    new CreateUserPoolClientCommand({
      UserPoolId: userPoolId,
      ClientName: 'dashboard',
      ExplicitAuthFlows: ['ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    }),
  );
  const clientId = client.UserPoolClient!.ClientId!;
  for (const group of ['staff', 'viewer']) {
    await cognito.send(new CreateGroupCommand({ UserPoolId: userPoolId, GroupName: group }));
  }
  /** Creates a user in the given groups and returns their access token (admin auth flow). */
  async function signIn(username: string, groups: string[]): Promise<string> {
    const password = 'Correct-Horse-9-battery';
    await cognito.send(
      new AdminCreateUserCommand({ UserPoolId: userPoolId, Username: username, MessageAction: 'SUPPRESS' }),
    );
    await cognito.send(
      new AdminSetUserPasswordCommand({
        UserPoolId: userPoolId,
        Username: username,
        Password: password,
        Permanent: true,
      }),
    );
    for (const group of groups) {
      await cognito.send(
        new AdminAddUserToGroupCommand({ UserPoolId: userPoolId, Username: username, GroupName: group }),
      );
    }
    const auth = await cognito.send(
      new AdminInitiateAuthCommand({
        UserPoolId: userPoolId,
        ClientId: clientId,
        AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: username, PASSWORD: password },
      }),
    );
    return auth.AuthenticationResult!.AccessToken!;
  }
  return { userPoolId, clientId, signIn, cognito };
}
