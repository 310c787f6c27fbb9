import type { Config } from '../config.js';
import type { Clock } from '../ports/clock.js';
import type { GoogleIdentity } from '../ports/google-identity.js';
import type { LoginLimiter } from '../ports/login-limiter.js';
import type { Mailbox } from '../ports/mailbox.js';
import type { Notifier } from '../ports/notifier.js';
import type { Objects } from '../ports/objects.js';
import type { ReceiptLlm } from '../ports/receipt-llm.js';
import type { RentalInvoices } from '../ports/rental-invoices.js';
import type { RetailInvoices } from '../ports/retail-invoices.js';
import type { TokenVault } from '../ports/token-vault.js';
import type { UserDataEraser } from '../ports/user-data.js';
import type { Users } from '../ports/users.js';
import type { Vendors } from '../ports/vendors.js';
import type { VendorRules } from '../parsing/retail/vendor-rules.js';
import type { Logger } from '../ports/log.js';
import type { JwtService } from '../ports/session-tokens.js';
import type { PasswordHasher } from '../ports/passwords.js';

/**
 * Everything a use-case may touch, as ports. Each runtime builds one of these (local: embedded
 * adapters; Lambda: AWS and Google adapters) once per process.
 */
export interface Deps {
  config: Config;
  clock: Clock;
  log: Logger;
  users: Users;
  tokens: TokenVault;
  google: GoogleIdentity;
  loginLimiter: LoginLimiter;
  jwt: JwtService;
  passwords: PasswordHasher;
  rentalInvoices: RentalInvoices;
  retailInvoices: RetailInvoices;
  vendors: Vendors;
  /** Per-vendor extraction rules (configuration shipped with the code), loaded once per process. */
  vendorRules: VendorRules;
  /** The LLM stage of the retail cascade; absent when no Gemini key is configured. */
  receiptLlm?: ReceiptLlm;
  objects: Objects;
  notifier: Notifier;
  mailbox: Mailbox;
  /**
   * Which mailbox `mailbox` is: Gmail needs the user's stored tokens (a user is "connected" when
   * they exist); a folder mailbox needs none (a user's mailbox is their folder, empty if absent).
   */
  mailboxSource: 'gmail' | 'folder';
  /** Run by delete_user in this order, before the account row itself is removed. */
  erasers: UserDataEraser[];
}
