import { createGmailMailbox } from '../../../adapters/google/gmail-mailbox.js';
import { provider } from '../provider.js';

/** Gmail with the user's stored tokens; refresh grants use the client id read at cold start. */
export default provider('mailbox', (ctx) => createGmailMailbox({ config: ctx.config, tokens: ctx.port('tokens'), clock: ctx.clock, log: ctx.log }));
