import { loadVendorRules } from '../../../parsing/retail/vendor-rules.js';
import { provider } from '../provider.js';

/**
 * The shipped rule files are read from `vendor-rules/` beside the module; the build copies them
 * next to the bundle (`assets` in the port registry), so the default location works on Lambda.
 */
export default provider('vendorRules', () => loadVendorRules());
