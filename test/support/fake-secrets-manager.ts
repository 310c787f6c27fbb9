/**
 * Secrets Manager has no local emulator, so this programs aws-sdk-client-mock to answer like
 * the service does for the calls our adapters make: ResourceNotFoundException for a missing
 * secret, InvalidRequestException while a secret is scheduled for deletion, ResourceExistsException
 * on a second create, and ForceDeleteWithoutRecovery accepting a missing secret. Every answer
 * waits a turn of the event loop, so concurrent callers really interleave.
 */
import { setImmediate as tick } from 'node:timers/promises';
import {
  CreateSecretCommand,
  DeleteSecretCommand,
  GetSecretValueCommand,
  InvalidParameterException,
  InvalidRequestException,
  PutSecretValueCommand,
  ResourceExistsException,
  ResourceNotFoundException,
  RestoreSecretCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';

export interface StoredSecret {
  value: string;
  versions: number;
  scheduledForDeletion: boolean;
}

const $metadata = {};
const notFound = () => new ResourceNotFoundException({ $metadata, message: "Secrets Manager can't find the specified secret." });
const markedForDeletion = () =>
  new InvalidRequestException({
    $metadata,
    message: "You can't perform this operation on the secret because it was marked for deletion.",
  });

export function fakeSecretsManager() {
  const client = new SecretsManagerClient({ region: 'eu-west-1' });
  const mock = mockClient(client);
  const secrets = new Map<string, StoredSecret>();
  let nextFailure: Error | undefined;

  /** Runs one service call: a turn of the event loop, then any injected failure, then `fn`. */
  const serve =
    <I, O>(fn: (input: I) => O) =>
    async (input: I): Promise<O> => {
      await tick();
      const failure = nextFailure;
      nextFailure = undefined;
      if (failure) throw failure;
      return fn(input);
    };
  const existing = (id: string) => {
    const s = secrets.get(id);
    if (!s) throw notFound();
    if (s.scheduledForDeletion) throw markedForDeletion();
    return s;
  };

  mock.on(GetSecretValueCommand).callsFake(
    serve((input: { SecretId: string }) => ({ Name: input.SecretId, SecretString: existing(input.SecretId).value })),
  );
  mock.on(PutSecretValueCommand).callsFake(
    serve((input: { SecretId: string; SecretString: string }) => {
      const s = existing(input.SecretId);
      s.value = input.SecretString;
      s.versions += 1;
      return { Name: input.SecretId };
    }),
  );
  mock.on(CreateSecretCommand).callsFake(
    serve((input: { Name: string; SecretString: string }) => {
      const s = secrets.get(input.Name);
      if (s?.scheduledForDeletion) {
        throw new InvalidRequestException({
          $metadata,
          message: "You can't create this secret because a secret with this name is already scheduled for deletion.",
        });
      }
      if (s) throw new ResourceExistsException({ $metadata, message: `The operation failed because the secret ${input.Name} already exists.` });
      secrets.set(input.Name, { value: input.SecretString, versions: 1, scheduledForDeletion: false });
      return { Name: input.Name };
    }),
  );
  mock.on(DeleteSecretCommand).callsFake(
    serve((input: { SecretId: string; ForceDeleteWithoutRecovery?: boolean; RecoveryWindowInDays?: number }) => {
      if (input.ForceDeleteWithoutRecovery && input.RecoveryWindowInDays !== undefined) {
        throw new InvalidParameterException({ $metadata, message: 'You can\'t use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.' });
      }
      // A forced delete of a missing secret succeeds, so that retries are harmless.
      if (input.ForceDeleteWithoutRecovery) secrets.delete(input.SecretId);
      else existing(input.SecretId).scheduledForDeletion = true;
      return { Name: input.SecretId };
    }),
  );
  mock.on(RestoreSecretCommand).callsFake(
    serve((input: { SecretId: string }) => {
      const s = secrets.get(input.SecretId);
      if (!s) throw notFound();
      s.scheduledForDeletion = false;
      return { Name: input.SecretId };
    }),
  );

  return {
    client,
    mock,
    secrets,
    /** The next call, whatever it is, fails with `err` (throttling, access denied...). */
    failNext(err: Error) {
      nextFailure = err;
    },
    close() {
      mock.restore();
      client.destroy();
    },
  };
}
