/**
 * The in-memory doubles of test/support/memory.ts, which the use-case tests run on, pass the same
 * contracts as the real adapters: a use-case test on them proves what it would prove on SQLite,
 * files or DynamoDB.
 */
import { describe } from 'node:test';
import { memoryMailbox, memoryNotifier, memoryObjects, memoryRentalInvoices } from '../support/memory.js';
import { mailboxContract } from './mailbox.contract.js';
import { notifierContract } from './notifier.contract.js';
import { objectsContract, objectsCreateContract, objectsPrefixContract } from './objects.contract.js';
import { rentalInvoicesContract } from './rental-invoices.contract.js';

describe('memory RentalInvoices: contract', () => rentalInvoicesContract(() => memoryRentalInvoices()));

describe('memory Objects: contract', () => {
  objectsContract(() => memoryObjects());
  objectsPrefixContract(() => memoryObjects());
  objectsCreateContract(() => memoryObjects());
});

describe('memory Notifier: contract', () =>
  notifierContract(() => {
    const notifier = memoryNotifier();
    return { notifier, inbox: async (userId) => notifier.sent.filter((n) => n.userId === userId).map(({ subject, message }) => ({ subject, message })) };
  }));

mailboxContract('memory', async (messages) => ({
  mailbox: memoryMailbox({ 'user-1': messages }),
  userId: 'user-1',
  close: async () => {},
}));
