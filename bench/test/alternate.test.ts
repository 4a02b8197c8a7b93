import { describe, expect, it } from 'vitest';
import { alternate, alternateGroups, roundOrder } from '../src/harness/alternate.js';

const items = (n: number) => Array.from({ length: n }, (_, index) => `v${index}`);

describe('roundOrder', () => {
  it('runs each pair of rounds as an order and its mirror, rotating the start every pair', () => {
    const four = items(4);
    expect([0, 1, 2, 3].map((round) => roundOrder(four, round).join(' '))).toEqual([
      'v0 v1 v2 v3',
      'v3 v2 v1 v0',
      'v1 v2 v3 v0',
      'v0 v3 v2 v1',
    ]);
  });

  it.each([2, 3, 4, 5, 8, 9])(
    'with %i variants, over every pair of rounds each runs before and after each other one once; over 2n rounds each holds every position equally',
    (n) => {
      const names = items(n);
      const positions = new Map(names.map((name) => [name, Array<number>(n).fill(0)]));
      for (let round = 0; round < 2 * n; round += 2) {
        const first = roundOrder(names, round);
        const second = roundOrder(names, round + 1);
        for (const a of names)
          for (const b of names) {
            if (a === b) continue;
            const before = [first, second].filter((order) => order.indexOf(a) < order.indexOf(b)).length;
            expect(before).toBe(1);
          }
        for (const order of [first, second])
          order.forEach((name, position) => {
            positions.get(name)![position]! += 1;
          });
      }
      // Over 2n rounds every name holds every position exactly twice.
      for (const counts of positions.values()) expect(new Set(counts)).toEqual(new Set([2]));
    },
  );
});

describe('alternate', () => {
  it('finishes the mirrored pair it started when the budget runs out', async () => {
    let calls = 0;
    const rounds = await alternate(['a', 'b'], { minRounds: 1, maxRounds: 10, budgetMs: 0 }, async () => {
      calls += 1;
      return calls;
    });
    expect(rounds).toHaveLength(2);
    expect(rounds.map((round) => [...round.keys()].join(''))).toEqual(['ab', 'ba']);
  });

  it('never runs past maxRounds, and records every variant of every round', async () => {
    const rounds = await alternate(
      ['a', 'b', 'c'],
      { minRounds: 0, maxRounds: 3, budgetMs: 60_000 },
      async () => 1,
    );
    expect(rounds).toHaveLength(3);
    for (const round of rounds) expect([...round.keys()].sort()).toEqual(['a', 'b', 'c']);
  });

  it('orders groups and the variants inside each group alike, never mixing two groups', async () => {
    const seen: string[] = [];
    const before: string[] = [];
    await alternateGroups(
      [
        ['a1', 'a2'],
        ['b1', 'b2'],
      ],
      { minRounds: 2, maxRounds: 2, budgetMs: 60_000 },
      async (variant) => void seen.push(variant),
      async (group) => void before.push(group[0]!),
    );
    expect(seen).toEqual(['a1', 'a2', 'b1', 'b2', 'b2', 'b1', 'a2', 'a1']);
    expect(before).toEqual(['a1', 'b1', 'b1', 'a1']);
  });
});
