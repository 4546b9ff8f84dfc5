import { describe, expect, it } from 'vitest';
import { SseParser, backoffDelay } from '../../dashboard/src/sse.js';

describe('SseParser', () => {
  it('parses events, ignores comments, keeps the last id', () => {
    const p = new SseParser();
    const out = p.push(': connected\n\nid: 7\nevent: task.created\ndata: {"id":7}\n\n: heartbeat\n\n');
    expect(out).toEqual([{ id: '7', event: 'task.created', data: '{"id":7}' }]);
  });

  it('assembles messages split anywhere across chunks, with any line ending', () => {
    const text = 'id: 1\r\nevent: a\r\ndata: x\r\n\r\nid: 2\rdata: y\rdata: z\r\rid: 3\ndata:w\n\n';
    for (let cut = 1; cut < text.length; cut++) {
      const p = new SseParser();
      const got = [...p.push(text.slice(0, cut)), ...p.push(text.slice(cut))];
      expect(got, `cut at ${cut}`).toEqual([
        { id: '1', event: 'a', data: 'x' },
        { id: '2', event: 'message', data: 'y\nz' },
        { id: '3', event: 'message', data: 'w' },
      ]);
    }
  });

  it('does not dispatch a message without data', () => {
    const p = new SseParser();
    expect(p.push('event: x\n\nid: 4\n\n')).toEqual([]);
    expect(p.push('data: after\n\n')).toEqual([{ id: '4', event: 'message', data: 'after' }]);
  });
});

describe('backoffDelay', () => {
  it('grows from half a second and stays under ten seconds plus jitter', () => {
    expect(backoffDelay(0, () => 0.5)).toBe(500);
    expect(backoffDelay(1, () => 0.5)).toBe(1000);
    expect(backoffDelay(20, () => 0.5)).toBe(10_000);
    expect(backoffDelay(20, () => 1)).toBeLessThanOrEqual(12_500);
    expect(backoffDelay(0, () => 0)).toBeGreaterThan(0);
  });
});
