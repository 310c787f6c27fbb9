import { provider } from '../provider.js';

/** On AWS the mailbox is always Gmail. */
export default provider('mailboxSource', () => 'gmail' as const);
