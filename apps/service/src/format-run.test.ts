import { AuthHttpError } from '@ds/auth-core';
import { describe, expect, it } from 'vitest';
import { explainFailure } from './explain-failure.js';
import { formatMs, formatRun } from './format-run.js';

describe('formatRun', () => {
  it('names the rooms, the next run and the key fingerprint', () => {
    const rooms = ['A', 'B', 'C', 'D'].map((title, id) => ({ id, title, roomType: 2 }));
    const line = formatRun(
      { run: 3, ok: true, page: { rooms, total: 9 }, nextDelayMs: 60_000 },
      'sha256:abc',
    );
    expect(line).toBe('run 3: 4 of 9 rooms: "A", "B", "C", …; next run in 60 s (key sha256:abc)');
  });

  it('gives the code, the message and the hint of a failure', () => {
    const error = new AuthHttpError('ERR_AUTH_FORBIDDEN', 'forbidden', { status: 403 });
    const failure = explainFailure(error);
    expect(formatRun({ run: 1, ok: false, error, failure, nextDelayMs: undefined }, 'sha256:abc')).toBe(
      'run 1: ERR_AUTH_FORBIDDEN the key lacks the rooms:read permission (403); ' +
        'hint: create one with rooms:read or *:read; stopping (key sha256:abc)',
    );
  });

  it('formats durations', () => {
    expect([250, 1_500, 60_000].map(formatMs)).toEqual(['250 ms', '1.5 s', '60 s']);
  });
});
