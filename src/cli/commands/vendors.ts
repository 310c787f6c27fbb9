import { RETAIL_SUBTYPES, type RetailSubtype } from '../../domain/retail-subtypes.js';
import { newVendor } from '../../app/vendors/seed.js';
import { utcIsoWithOffset } from '../../domain/time.js';
import type { SubjectKeyword, Vendors } from '../../ports/vendors.js';

const USAGE = [
  'usage: paypulse vendors list [--json]',
  '       paypulse vendors add ID --name NAME --subtype SUBTYPE --sender ADDRESS [--sender …]',
  '                            [--subject PHRASE …] [--subject-all "A|B" …] [--subject-any "A|B" …] [--logo URL] [--inactive] [--replace]',
  '       paypulse vendors enable ID',
  '       paypulse vendors disable ID',
].join('\n');

/**
 * `paypulse vendors …` against a `Vendors` store (the local database by default). Exit codes:
 * 0 done, 1 nothing to change (unknown vendor, existing vendor without --replace), 2 usage.
 */
export async function vendorsCommand(args: string[], out: (s: string) => void, vendors: Vendors, now: () => Date = () => new Date()): Promise<number> {
  const [sub, ...rest] = args;
  const usage = (msg: string) => (out(`${msg}\n${USAGE}`), 2);
  if (sub === 'list') {
    const all = await vendors.list();
    if (rest.includes('--json')) {
      out(JSON.stringify(all, null, 2));
      return 0;
    }
    const w = Math.max(9, ...all.map((v) => v.vendor_id.length));
    out(`${'vendor_id'.padEnd(w)}  ${'sub_type'.padEnd(13)}  active  senders  name`);
    for (const v of all) {
      out(`${v.vendor_id.padEnd(w)}  ${v.invoice_sub_type.padEnd(13)}  ${(v.active ? 'yes' : 'no').padEnd(6)}  ${String(v.default_email_patterns.length).padEnd(7)}  ${v.vendor_name}`);
    }
    return 0;
  }
  if (sub === 'enable' || sub === 'disable') {
    const id = rest[0];
    if (!id || rest.length !== 1) return usage('one vendor id is required');
    if (sub === 'enable') {
      const v = await vendors.get(id);
      // An active vendor without senders would be skipped by every fetch: say so instead.
      if (v && v.default_email_patterns.length === 0) {
        out(`vendor ${id} has no sender addresses; configure it with 'paypulse vendors add ID --replace --sender …'`);
        return 1;
      }
    }
    if (!(await vendors.setActive(id, sub === 'enable', utcIsoWithOffset(now())))) {
      out(`no vendor ${id}`);
      return 1;
    }
    out(`vendor ${id} ${sub}d`);
    return 0;
  }
  if (sub === 'add') {
    const [id, ...opts] = rest;
    if (!id || id.startsWith('--')) return usage('a vendor id is required');
    let name: string | undefined;
    let subType: string | undefined;
    let logo: string | undefined;
    let active = true;
    let replace = false;
    const senders: string[] = [];
    const subjects: SubjectKeyword[] = [];
    for (let i = 0; i < opts.length; i++) {
      const flag = opts[i]!;
      if (flag === '--inactive' || flag === '--replace') {
        if (flag === '--inactive') active = false;
        else replace = true;
        continue;
      }
      const value = opts[++i];
      if (value === undefined || value.startsWith('--')) return usage(`${flag} needs a value`);
      if (flag === '--name') name = value;
      else if (flag === '--subtype') subType = value;
      else if (flag === '--logo') logo = value;
      else if (flag === '--sender') senders.push(value.trim());
      else if (flag === '--subject') subjects.push(value);
      else if (flag === '--subject-all' || flag === '--subject-any') {
        subjects.push({ keywords: value.split('|').map((k) => k.trim()).filter(Boolean), logic: flag === '--subject-all' ? 'AND' : 'OR' });
      } else return usage(`unknown option ${flag}`);
    }
    if (!subType || !(RETAIL_SUBTYPES as readonly string[]).includes(subType)) return usage(`--subtype must be one of ${RETAIL_SUBTYPES.join(', ')}`);
    if (senders.length === 0) return usage('at least one --sender is required');
    if (senders.some((s) => !/^[^\s@()"]+@[^\s@()"]+$/.test(s))) return usage('--sender must be an email address');
    let vendor;
    try {
      vendor = newVendor({ id, name: name ?? id, subType: subType as RetailSubtype, senders, subjects, active, ...(logo ? { logoUrl: logo } : {}) }, utcIsoWithOffset(now()));
    } catch (err) {
      return usage((err as Error).message);
    }
    if (replace) {
      const existing = await vendors.get(id);
      await vendors.replace(existing ? { ...vendor, created_at: existing.created_at } : vendor);
    } else if (!(await vendors.add(vendor))) {
      out(`vendor ${id} already exists; use --replace to configure it`);
      return 1;
    }
    out(`vendor ${id} ${replace ? 'saved' : 'added'} (${subType}, ${active ? 'active' : 'inactive'})`);
    return 0;
  }
  return usage(sub ? `unknown subcommand ${sub}` : 'a subcommand is required');
}
