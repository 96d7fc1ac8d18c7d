import type { WorkloadSpec } from './plan.js';
import type { CellSummary, Spread } from './summary.js';
import type { TargetCheck } from './targets.js';

function num(v: number): string {
  if (!Number.isFinite(v)) return '-';
  const a = Math.abs(v);
  if (a >= 100_000) return `${(v / 1000).toFixed(0)}k`;
  if (a >= 100 || Number.isInteger(v)) return v.toFixed(0);
  if (a >= 10) return v.toFixed(1);
  return v.toFixed(2);
}

function cell(s: Spread | undefined, runs: number): string {
  if (!s) return '-';
  return runs > 1 && s.min !== s.max ? `${num(s.median)} [${num(s.min)}–${num(s.max)}]` : num(s.median);
}

function pad(rows: string[][]): string[] {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => r.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd());
}

/**
 * The result table as Markdown-friendly text: per server and workload, one row
 * per driver with the chosen metrics (median [min–max] over the runs) and the
 * server's requests per operation (requests = reads + writes + pings;
 * notif = watch notifications the server sent).
 */
export function renderTable(plan: readonly WorkloadSpec[], cells: readonly CellSummary[], servers: readonly string[]): string {
  const out: string[] = [];
  for (const server of servers) {
    out.push(`### ZooKeeper ${server === 'nosync' ? 'forceSync=no' : 'forceSync=yes (default durability)'}`, '');
    for (const w of plan) {
      const rows = cells.filter((c) => c.server === server && c.workload === w.name);
      if (rows.length === 0) continue;
      out.push(`${w.name} — ${w.title} (n=${w.n}, clients=${w.clients}, ${w.runs} run${w.runs > 1 ? 's' : ''})`);
      const table = [['driver', ...w.columns, 'req/op', 'reads/op', 'writes/op', 'notif/op']];
      for (const c of rows) {
        if (c.unsupported) { table.push([c.driver, `not available: ${c.unsupported}`]); continue; }
        if (c.runs === 0) { table.push([c.driver, `failed: ${(c.errors[0] ?? 'no result').slice(0, 120)}`]); continue; }
        const p = c.perOp;
        table.push([
          c.driver, ...w.columns.map((m) => cell(c.metrics[m], c.runs)),
          p ? num(p.requests) : '-', p ? num(p.reads) : '-', p ? num(p.writes) : '-', p ? num(p.notifications) : '-',
        ]);
      }
      out.push(...pad(table).map((l) => `  ${l}`));
      for (const c of rows) for (const note of c.notes) out.push(`  note (${c.driver}): ${note}`);
      for (const c of rows) if (c.errors.length && c.runs > 0) out.push(`  ${c.errors.length} failed run(s) (${c.driver}): ${c.errors[0].slice(0, 160)}`);
      out.push('');
    }
  }
  return out.join('\n');
}

/** The target list: met / NOT MET / not checked, with the measurement. */
export function renderTargets(checks: readonly TargetCheck[]): string {
  const mark = (m: boolean | null): string => (m === null ? 'n/a    ' : m ? 'met    ' : 'NOT MET');
  return checks.map((c) => `  ${mark(c.met)}  ${c.target}: ${c.measured}`).join('\n');
}
