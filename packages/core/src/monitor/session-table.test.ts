import { test } from 'node:test';
import assert from 'node:assert/strict';
import { egPerSecond, formatElapsed, formatSessionTable, type SessionRecord } from './session-table.js';

const sessions: SessionRecord[] = [
  // 5400 s; 16 x 2 x 2700 / 5400 = 16.0 EG/s
  { id: 1, start: '2024-01-01T10:00:00Z', end: '2024-01-01T11:30:00Z', batchSize: 16, iterations: 2700 },
  // 1245 s; 8 x 2 x 1000 / 1245 = 12.851 EG/s
  { id: 2, start: '2024-01-02T08:00:00Z', end: '2024-01-02T08:20:45Z', batchSize: 8, iterations: 1000 },
];

test('session table: per-session EG/s counts both sides, total sums elapsed and iterations', () => {
  // Total: 6645 s = 01:50:45; (86400 + 16000) / 6645 = 15.410 EG/s; batches listed once each.
  const expected = [
    'Session  Start                End                   Elapsed  Batch  Iterations  EG/s',
    '-------  -------------------  -------------------  --------  -----  ----------  ----',
    '      1  2024-01-01 10:00:00  2024-01-01 11:30:00  01:30:00     16        2700  16.0',
    '      2  2024-01-02 08:00:00  2024-01-02 08:20:45  00:20:45      8        1000  12.9',
    '-------  -------------------  -------------------  --------  -----  ----------  ----',
    '  Total  2024-01-01 10:00:00  2024-01-02 08:20:45  01:50:45   16,8        3700  15.4',
  ].join('\n');
  assert.equal(formatSessionTable(sessions, { utc: true }), expected);
});

test('elapsed formatting and rate edge cases', () => {
  assert.equal(formatElapsed(0), '00:00:00');
  assert.equal(formatElapsed(59.6), '00:01:00');
  assert.equal(formatElapsed(3 * 86400 + 62), '72:01:02');
  assert.equal(egPerSecond(16, 100, 0), 0);
  assert.equal(egPerSecond(16, 100, 32), 100);
});

test('numbers are right-aligned as columns grow', () => {
  const long = formatSessionTable([{ id: 12, start: '2024-01-01T00:00:00Z', end: '2024-01-05T04:00:00Z', batchSize: 64, iterations: 1234567 }], { utc: true });
  const rows = long.split('\n');
  assert.equal(rows[2].slice(0, 7), '     12');
  assert.match(rows[2], /100:00:00 +64 +1234567 +439\.0$/);
  assert.ok(rows.every((r) => r.length === rows[0].length), 'all rows end in the right-aligned EG/s column');
});

test('bad input is reported, and no sessions gives just the header', () => {
  assert.throws(() => formatSessionTable([{ ...sessions[0], end: '2024-01-01T09:00:00Z' }]), /ends before it starts/);
  assert.throws(() => formatSessionTable([{ ...sessions[0], start: 'yesterday' }]), /not a valid ISO time/);
  assert.equal(formatSessionTable([]).split('\n').length, 2);
});
