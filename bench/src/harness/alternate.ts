/** How many A/B rounds to run and how long they may take. */
export interface RoundPlan {
  /** Rounds always run, even over budget. */
  minRounds: number;
  /** Rounds never exceeded. */
  maxRounds: number;
  /** No new round starts once this many milliseconds have passed (and `minRounds` are done). */
  budgetMs: number;
}

/** `plan` with exactly `rounds` rounds and no time budget, or `plan` itself when `rounds` is not given. */
export function withFixedRounds<T extends RoundPlan>(plan: T, rounds: number | undefined): T {
  if (rounds === undefined) return plan;
  return { ...plan, minRounds: rounds, maxRounds: rounds, budgetMs: Number.POSITIVE_INFINITY };
}

/** What one round measured for each variant, in the order the variants were listed. */
export type RoundSamples<T> = Map<string, T>;

/**
 * The order of the items in one round, balanced over rounds: rounds come in mirrored pairs (the
 * second of a pair runs the first's order backwards, A B C then C B A) and each pair rotates the
 * start by one. So over any pair of rounds each item runs once before and once after every other
 * item, and over 2n rounds every item holds every position equally often: a drift during a round,
 * or a cost that follows the item just measured, falls on both sides of each paired ratio alike.
 */
export function roundOrder<T>(items: readonly T[], round: number): T[] {
  const shift = Math.floor(round / 2);
  const rotated = items.map((_, index) => items[(index + shift) % items.length]!);
  return round % 2 === 1 ? rotated.reverse() : rotated;
}

/**
 * Whether to start round `round`: never at `maxRounds`; otherwise always the first round, the rounds
 * below `minRounds` and the second of a mirrored pair (see {@link roundOrder}), and a new pair only if
 * it fits the time budget at the pace so far.
 */
function startRound(plan: RoundPlan, round: number, elapsedMs: number): boolean {
  if (round >= plan.maxRounds) return false;
  if (round === 0 || round < plan.minRounds || round % 2 === 1) return true;
  return elapsedMs + (2 * elapsedMs) / round <= plan.budgetMs;
}

/**
 * Runs every variant once per round, rounds after each other, in {@link roundOrder} so no variant
 * always runs first, last, or after the same neighbour. Stops at `maxRounds`, or once `minRounds`
 * are done and another pair of rounds would overrun the time budget; a started pair is finished.
 */
export async function alternate<T>(
  variants: readonly string[],
  plan: RoundPlan,
  measure: (variant: string, round: number) => Promise<T>,
): Promise<RoundSamples<T>[]> {
  const started = performance.now();
  const rounds: RoundSamples<T>[] = [];
  for (let round = 0; startRound(plan, round, performance.now() - started); round += 1) {
    const samples: RoundSamples<T> = new Map();
    for (const variant of roundOrder(variants, round)) samples.set(variant, await measure(variant, round));
    rounds.push(samples);
  }
  return rounds;
}

/**
 * Like {@link alternate}, for variants that come in groups which should not be mixed (e.g. two
 * transports sharing one connection pool): each round runs the groups one after another, every
 * variant of a group back to back, both the groups and the variants inside each in {@link roundOrder}.
 * `beforeGroup` runs (unmeasured) before each group, to absorb the cost of switching between groups.
 */
export async function alternateGroups<T>(
  groups: readonly (readonly string[])[],
  plan: RoundPlan,
  measure: (variant: string, round: number) => Promise<T>,
  beforeGroup: (group: readonly string[]) => Promise<void> = async () => {},
): Promise<RoundSamples<T>[]> {
  const started = performance.now();
  const rounds: RoundSamples<T>[] = [];
  for (let round = 0; startRound(plan, round, performance.now() - started); round += 1) {
    const samples: RoundSamples<T> = new Map();
    for (const group of roundOrder(groups, round)) {
      await beforeGroup(group);
      for (const variant of roundOrder(group, round)) samples.set(variant, await measure(variant, round));
    }
    rounds.push(samples);
  }
  return rounds;
}

/** The samples of one variant across rounds. */
export function column<T>(rounds: readonly RoundSamples<T>[], variant: string): T[] {
  return rounds.map((round) => round.get(variant)!);
}
