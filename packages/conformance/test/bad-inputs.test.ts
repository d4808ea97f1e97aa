// The bad-input catalogue on the reference backend (the onnx column: packages/backend-onnx/test/bad-inputs.test.ts).
import 'theano-ts';
import { BAD_INPUT_CASES, defineBadInputs, runBadInput } from '@theano-ts/conformance';
import { ref } from 'theano-ts';
import { describe, expect, it } from 'vitest';

defineBadInputs('ref');

describe('the catalogue runner', () => {
  it('fails a case whose call does not throw, or throws another class or message', async () => {
    const base = BAD_INPUT_CASES.find((c) => c.id === 'shape.dot-mm')!;
    const quiet = { ...base, run: () => 1 };
    expect((await runBadInput(quiet, ref)).failure).toBe('no error was raised');
    const wrongClass = { ...base, error: 'TypeError' as const };
    expect((await runBadInput(wrongClass, ref)).failure).toMatch(/expected a TypeError, got Error: dot: shapes/);
    const wrongText = { ...base, message: /nothing like this/ };
    expect((await runBadInput(wrongText, ref)).failure).toMatch(/does not match/);
  });

  it('fails a case that changes a shared variable before throwing', async () => {
    const base = BAD_INPUT_CASES.find((c) => c.id === 'shape.dot-mm')!;
    const leaky = {
      ...base,
      run: (c: Parameters<typeof base.run>[0]) => {
        const w = c.shared([1, 2], 'w');
        w.setValue([5, 6]);
        throw new Error('dot: shapes (1, 3) and (1, 2) not aligned');
      },
    };
    expect((await runBadInput(leaky, ref)).failure).toMatch(
      /shared variable w changed from float64\[2\]:1,2 to float64\[2\]:5,6/,
    );
  });
});
