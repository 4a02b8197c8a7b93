import type { OverheadRow } from '../benchmarks/overhead.js';
import { formatSummary } from '../harness/stats.js';
import type { Table } from '../harness/table.js';
import { TRANSPORTS, type Transport } from './clients.js';

/** The ratio a strategy must reach (authenticated req/s over the baseline's): 0.97, ... */
export const OVERHEAD_TARGET = 0.97;
/** ... and 0.99 through `createAuthDispatcher`, the first choice for undici users. */
export const DISPATCHER_TARGET = 0.99;

/** The target of a transport's strategy rows. */
export function targetOf(transport: Transport): number {
  return transport === 'request+dispatcher' ? DISPATCHER_TARGET : OVERHEAD_TARGET;
}

/** What a view divides by, for one transport. */
export function baselineLabel(view: View, transport: Transport): string {
  if (view === 'a' || view === 'c') return 'raw';
  return transport === 'request+interceptor' ? 'passthrough' : 'by hand';
}

/** The four views of the overhead benchmark. */
export type View = 'a' | 'b' | 'c' | 'd';

/** What each view compares, for titles and notes. */
export const VIEWS: { id: View; label: (latencyMs: number) => string }[] = [
  { id: 'a', label: () => 'vs raw, no-op loopback server (the honest total)' },
  {
    id: 'b',
    label: () =>
      'vs the same request without the auth layer, no-op loopback server: the same headers written by hand into undici.request / fetch; for the interceptor compose() with a pass-through interceptor',
  },
  {
    id: 'c',
    label: (ms) =>
      `vs raw, server answering after ${ms} ms, 4 requests in flight (a server doing real work; the client is not CPU-bound)`,
  },
  {
    id: 'd',
    label: () =>
      'as (b), the caller sending headers of its own (Accept, X-Request-Id), into which the auth layer merges the credentials',
  },
];

const TRANSPORT_LABEL: Record<Transport, string> = {
  'request+dispatcher': 'undici.request + createAuthDispatcher',
  'request+interceptor': 'undici.request + createAuthInterceptor (compose)',
  'fetch+withAuth': 'undici.fetch + withAuth (timeoutMs: false)',
};

function viewTable(view: (typeof VIEWS)[number], rows: readonly OverheadRow[], latencyMs: number): Table {
  const own = rows.filter((row) => row.view === view.id);
  return {
    title: `Overhead (${view.id}): ${view.label(latencyMs)}`,
    columns: [
      'transport',
      'variant',
      'req/s median (min-max)',
      'vs',
      'ratio',
      'target',
      'client CPU us/req',
      'added CPU us/req',
      'CPU ratio',
    ],
    rows: own.map((row) => [
      TRANSPORT_LABEL[row.transport],
      row.variant,
      formatSummary(row.requestsPerSecond),
      row.baseline,
      row.ratio === null ? '1' : formatSummary(row.ratio, 3),
      row.meetsTarget === null ? '' : `${row.meetsTarget ? 'pass' : 'FAIL'} (>= ${targetOf(row.transport)})`,
      formatSummary(row.cpuMicrosPerRequest, 1),
      row.addedCpuMicros === null ? '' : formatSummary(row.addedCpuMicros, 1),
      row.cpuRatio === null ? '1' : formatSummary(row.cpuRatio, 3),
    ]),
  };
}

/** Which views meet the target, per transport: the median ratio of each strategy. */
function summaryTable(rows: readonly OverheadRow[]): Table {
  const strategies = ['basic', 'apikey', 'pat'] as const;
  return {
    title: `Overhead summary: median ratio per view (target >= ${DISPATCHER_TARGET} for the dispatcher, >= ${OVERHEAD_TARGET} otherwise)`,
    columns: ['view', 'transport', ...strategies, 'all meet', 'raw again vs raw (A/A)'],
    rows: VIEWS.flatMap((view) =>
      TRANSPORTS.map((transport) => {
        const find = (v: View, variant: string) =>
          rows.find((row) => row.view === v && row.transport === transport && row.variant === variant);
        const cells = strategies.map((variant) => find(view.id, variant)!);
        // Views a and b come from the same rounds: the A/A control of view a is theirs alike.
        const control = view.id === 'a' || view.id === 'b' ? find('a', 'raw again')?.ratio : undefined;
        return [
          `(${view.id}) vs ${baselineLabel(view.id, transport)}`,
          TRANSPORT_LABEL[transport],
          ...cells.map((row) => `${row.ratio!.median.toFixed(3)} ${row.meetsTarget ? 'pass' : 'FAIL'}`),
          cells.every((row) => row.meetsTarget) ? 'yes' : 'no',
          control ? control.median.toFixed(3) : '',
        ];
      }),
    ),
  };
}

/** The summary, then one table per view. */
export function overheadTables(rows: readonly OverheadRow[], latencyMs: number): Table[] {
  return [summaryTable(rows), ...VIEWS.map((view) => viewTable(view, rows, latencyMs))];
}
