/** How many A/B rounds to run and how long they may take. */
export interface RoundPlan {
  /** Rounds always run, even over budget. */
  minRounds: number;
  /** Rounds never exceeded. */
  maxRounds: number;
  /** No new round starts once this many milliseconds have passed (and `minRounds` are done). */
  budgetMs: number;
}

/** What one round measured for each variant, in the order the variants were listed. */
export type RoundSamples<T> = Map<string, T>;

/**
 * Runs every variant once per round, rounds after each other (A B A B ...), rotating the starting
 * variant each round so no variant always runs first or last. Stops at `maxRounds`, or when the
 * time budget is spent and `minRounds` are done, or when one more round would overrun the budget.
 */
export async function alternate<T>(
  variants: readonly string[],
  plan: RoundPlan,
  measure: (variant: string, round: number) => Promise<T>,
): Promise<RoundSamples<T>[]> {
  const started = performance.now();
  const rounds: RoundSamples<T>[] = [];
  for (let round = 0; round < plan.maxRounds; round += 1) {
    const elapsed = performance.now() - started;
    const perRound = round === 0 ? 0 : elapsed / round;
    if (round >= plan.minRounds && elapsed + perRound > plan.budgetMs) break;
    const samples: RoundSamples<T> = new Map();
    for (let index = 0; index < variants.length; index += 1) {
      const variant = variants[(index + round) % variants.length]!;
      samples.set(variant, await measure(variant, round));
    }
    rounds.push(samples);
  }
  return rounds;
}

/**
 * Like {@link alternate}, for variants that come in groups which should not be mixed (e.g. two
 * transports sharing one connection pool): each round runs the groups one after another, every
 * variant of a group back to back, rotating both the group order and the order inside each group.
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
  for (let round = 0; round < plan.maxRounds; round += 1) {
    const elapsed = performance.now() - started;
    const perRound = round === 0 ? 0 : elapsed / round;
    if (round >= plan.minRounds && elapsed + perRound > plan.budgetMs) break;
    const samples: RoundSamples<T> = new Map();
    for (let g = 0; g < groups.length; g += 1) {
      const group = groups[(g + round) % groups.length]!;
      await beforeGroup(group);
      for (let index = 0; index < group.length; index += 1) {
        const variant = group[(index + round) % group.length]!;
        samples.set(variant, await measure(variant, round));
      }
    }
    rounds.push(samples);
  }
  return rounds;
}

/** The samples of one variant across rounds. */
export function column<T>(rounds: readonly RoundSamples<T>[], variant: string): T[] {
  return rounds.map((round) => round.get(variant)!);
}
