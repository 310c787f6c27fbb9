/**
 * Collects what Powertools writes. With POWERTOOLS_DEV set (before a bundle is imported) its
 * Logger writes through the global console, which is replaced here; lines are parsed as JSON.
 */
export interface CapturedLogs {
  lines: Record<string, unknown>[];
  raw: string[];
  restore(): void;
}

export function captureConsole(): CapturedLogs {
  const methods = ['log', 'info', 'warn', 'error', 'debug'] as const;
  const saved = methods.map((m) => [m, console[m]] as const);
  const raw: string[] = [];
  const lines: Record<string, unknown>[] = [];
  for (const m of methods) {
    console[m] = (...args: unknown[]) => {
      const text = args.map(String).join(' ');
      raw.push(text);
      try {
        lines.push(JSON.parse(text) as Record<string, unknown>);
      } catch {
        // not a structured line
      }
    };
  }
  return {
    lines,
    raw,
    restore: () => {
      for (const [m, f] of saved) console[m] = f;
    },
  };
}
