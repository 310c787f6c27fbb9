/**
 * Structured logs and metrics on Lambda through Powertools. Our `Logger` interface stays the one
 * use-cases see; `redact` runs before anything reaches Powertools (docs/compatibility.md#d13).
 */
import { Logger as PowertoolsLogger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { redact, type Logger, type LogFields } from '../log.js';

export function createPowertoolsLogger(serviceName: string, level: string): { log: Logger; pt: PowertoolsLogger } {
  const pt = new PowertoolsLogger({ serviceName, logLevel: level.toUpperCase() as 'INFO' });
  return { log: adapt(pt), pt };
}

function adapt(pt: PowertoolsLogger): Logger {
  const f = (fields?: LogFields) => redact(fields ?? {});
  return {
    debug: (m, x) => pt.debug(m, f(x)),
    info: (m, x) => pt.info(m, f(x)),
    warn: (m, x) => pt.warn(m, f(x)),
    error: (m, x) => pt.error(m, f(x)),
    child: (fields) => adapt(pt.createChild({ persistentKeys: f(fields) as Record<string, string> })),
  };
}

export interface FunctionMetrics {
  count(name: string, value?: number): void;
  flush(): void;
}

export function createMetrics(serviceName: string): FunctionMetrics {
  const metrics = new Metrics({ namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'PayPulse', serviceName });
  let pending = false;
  return {
    count(name, value = 1) {
      metrics.addMetric(name, MetricUnit.Count, value);
      pending = true;
    },
    flush() {
      // Publishing with nothing stored only prints a warning; skip it.
      if (pending) metrics.publishStoredMetrics();
      pending = false;
    },
  };
}
