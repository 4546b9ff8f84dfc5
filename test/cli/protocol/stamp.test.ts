import { describe, expect, it } from 'vitest';
import { compareVersions, parseStamp, stampLine } from '../../../src/shared/protocol-stamp.js';
import { humanDuration } from '../../../src/cli/human-duration.js';

describe('protocol stamp', () => {
  it('reads the stamp codepakt and cpk write on the first line', () => {
    expect(parseStamp(`${stampLine('0.3.0')}\n# AGENTS.md`)).toBe('0.3.0');
    expect(parseStamp('<!-- cpk_version: 0.1.4 -->\n')).toBe('0.1.4');
    expect(parseStamp('# no stamp\n<!-- cpk_version: 0.1.4 -->')).toBeUndefined();
  });

  it('compares versions numerically, a pre-release before its release', () => {
    expect(compareVersions('0.10.0', '0.9.1')).toBe(1);
    expect(compareVersions('0.2.0', '0.3.0')).toBe(-1);
    expect(compareVersions('1.0', '1.0.0')).toBe(0);
    expect(compareVersions('1.0.0-beta.1', '1.0.0')).toBe(-1);
    expect(compareVersions('1.0.0', '1.0.0-rc.1')).toBe(1);
    expect(compareVersions('1.0.0-alpha', '1.0.0-beta')).toBe(-1);
  });

  it('says lease lengths the way people do', () => {
    expect(humanDuration(3600)).toBe('1 hour');
    expect(humanDuration(2700)).toBe('45 minutes');
    expect(humanDuration(172800)).toBe('2 days');
    expect(humanDuration(90)).toBe('90 seconds');
  });
});
