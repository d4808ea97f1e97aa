// Printing: every expected string below is numpy 2.4's `str(arr)` output, copied verbatim.
import { describe, expect, it } from 'vitest';
import { arange, array, fromFloat64, type NDArray, ones } from '../src/ndarray.js';
import { formatNDArray } from '../src/ndarray-format.js';

const str = (a: NDArray): string => a.toString();
const range = (n: number, f: (i: number) => number): number[] => Array.from({ length: n }, (_, i) => f(i));

describe('0-d arrays print as numpy scalars', () => {
  it('float64', () => {
    expect(str(array(91.0))).toBe('91.0');
    expect(str(array(9.5))).toBe('9.5');
    expect(str(array(1e20))).toBe('1e+20');
    expect(str(array(1e-7))).toBe('1e-07');
    expect(str(array(Number.NaN))).toBe('nan');
    expect(str(array(Number.POSITIVE_INFINITY))).toBe('inf');
    expect(str(array(Number.NEGATIVE_INFINITY))).toBe('-inf');
    expect(str(array(-0))).toBe('-0.0');
    expect(str(array(1e16))).toBe('1e+16');
    expect(str(array(1e15))).toBe('1000000000000000.0');
    expect(str(array(1e-4))).toBe('0.0001');
    expect(str(array(1 / 3))).toBe('0.3333333333333333');
  });

  it('float32 uses the shortest digits that identify the float32', () => {
    expect(str(array(0.1, 'float32'))).toBe('0.1');
    expect(str(array(1 / 3, 'float32'))).toBe('0.33333334');
    expect(str(array(999999, 'float32'))).toBe('999999.0');
    expect(str(array(1e6, 'float32'))).toBe('1e+06');
    expect(str(array(1e-4, 'float32'))).toBe('1e-04');
    // the upper rounding boundary 268450000 counts (even mantissa), as in numpy
    expect(str(array(268449984, 'float32'))).toBe('2.6845e+08');
  });

  it('ints and bools', () => {
    expect(str(array(9, 'int64'))).toBe('9');
    expect(str(array(-5, 'int8'))).toBe('-5');
    expect(str(array(true))).toBe('True');
    expect(str(array(false))).toBe('False');
  });

  it('complex', () => {
    const c = (re: number, im: number, dtype: 'complex64' | 'complex128' = 'complex128'): string =>
      str(fromFloat64([re, im], [], dtype));
    expect(c(1, 2)).toBe('(1+2j)');
    expect(c(1.5, -0.5)).toBe('(1.5-0.5j)');
    expect(c(0, 0)).toBe('0j');
    expect(c(0, 2)).toBe('2j');
    expect(c(-0, 2)).toBe('(-0+2j)');
    expect(c(Number.NaN, 1)).toBe('(nan+1j)');
    expect(c(1, Number.NEGATIVE_INFINITY)).toBe('(1-infj)');
    expect(c(0.1, 0.2, 'complex64')).toBe('(0.1+0.2j)');
    expect(c(1e-5, 1e20)).toBe('(1e-05+1e+20j)');
  });
});

describe('float arrays', () => {
  it('positional, common widths', () => {
    expect(str(array([18, 37]))).toBe('[18. 37.]');
    expect(
      str(
        array([
          [0, 1],
          [2, 3],
        ]),
      ),
    ).toBe('[[0. 1.]\n [2. 3.]]');
    expect(str(array([1.5, 2]))).toBe('[1.5 2. ]');
    expect(str(array([1, -2.5]))).toBe('[ 1.  -2.5]');
    expect(str(array([0.1, 0.2, 0.3]))).toBe('[0.1 0.2 0.3]');
    expect(str(array([1 / 3, 2 / 3]))).toBe('[0.33333333 0.66666667]');
    expect(str(array([[[1, 2]]]))).toBe('[[[1. 2.]]]');
    expect(str(array([-0, 1]))).toBe('[-0.  1.]');
    expect(str(array([1e-4, 1e-2]))).toBe('[0.0001 0.01  ]');
    expect(str(array([0.001, 1]))).toBe('[0.001 1.   ]');
    expect(str(array([99999999]))).toBe('[99999999.]');
  });

  it('rounds to 8 decimals and trims zeros', () => {
    expect(str(array([0.123456785, 2]))).toBe('[0.12345678 2.        ]');
    expect(str(array([0.999999999, 0.5]))).toBe('[1.  0.5]');
  });

  it('scientific when the range is wide, large or tiny', () => {
    expect(str(array([1e-5, 1]))).toBe('[1.e-05 1.e+00]');
    expect(str(array([1e8]))).toBe('[1.e+08]');
    expect(str(array([1, 1000.0001]))).toBe('[1.0000000e+00 1.0000001e+03]');
    expect(str(array([1e100, 1]))).toBe('[1.e+100 1.e+000]');
    expect(str(array([1.5e-5, 1, Number.NEGATIVE_INFINITY]))).toBe('[1.5e-05 1.0e+00    -inf]');
    expect(str(array([1e-5, Number.NaN]))).toBe('[1.e-05    nan]');
  });

  it('nan and inf', () => {
    expect(str(array([Number.NaN, Number.POSITIVE_INFINITY]))).toBe('[nan inf]');
    expect(str(array([1, Number.NaN]))).toBe('[ 1. nan]');
    expect(
      str(
        array([
          [1.5, Number.NaN],
          [Number.NEGATIVE_INFINITY, 2],
        ]),
      ),
    ).toBe('[[ 1.5  nan]\n [-inf  2. ]]');
  });

  it('float32 arrays', () => {
    expect(str(array([1e6], 'float32'))).toBe('[1.e+06]');
    expect(str(array([999999], 'float32'))).toBe('[999999.]');
    expect(str(array([1e-4, 1e-2], 'float32'))).toBe('[0.0001 0.01  ]');
    expect(str(array([0.1, 1.2345678e-10], 'float32'))).toBe('[1.0000000e-01 1.2345679e-10]');
    const thirds = fromFloat64(
      range(6, (i) => Math.fround(i / 3)),
      [2, 3],
      'float32',
    );
    expect(str(thirds)).toBe('[[0.         0.33333334 0.6666667 ]\n [1.         1.3333334  1.6666666 ]]');
  });

  it('empty', () => {
    expect(str(array([]))).toBe('[]');
    expect(str(array([[], []]))).toBe('[]');
  });
});

describe('int, bool and complex arrays', () => {
  it('ints are right-aligned to a common width', () => {
    expect(str(array([1, 2, 3], 'int64'))).toBe('[1 2 3]');
    expect(str(array([1, 2, 3], 'int8'))).toBe('[1 2 3]');
    expect(str(array([-1, 10], 'int32'))).toBe('[-1 10]');
    expect(str(array([1, -10], 'int16'))).toBe('[  1 -10]');
    expect(str(array([2n ** 62n, -3n]))).toBe('[4611686018427387904                  -3]');
    expect(str(arange(24).reshape([2, 3, 4]))).toBe(
      '[[[ 0  1  2  3]\n  [ 4  5  6  7]\n  [ 8  9 10 11]]\n\n [[12 13 14 15]\n  [16 17 18 19]\n  [20 21 22 23]]]',
    );
  });

  it('bools', () => {
    expect(str(array([true, false]))).toBe('[ True False]');
    expect(str(array([[true], [false]]))).toBe('[[ True]\n [False]]');
  });

  it('complex', () => {
    expect(str(fromFloat64([1, 2, 3, -4], [2], 'complex128'))).toBe('[1.+2.j 3.-4.j]');
    expect(str(fromFloat64([0.5, 0, 0, 1], [2], 'complex128'))).toBe('[0.5+0.j 0. +1.j]');
    expect(str(fromFloat64([0.1, 1, -2.5, -0.25], [2], 'complex64'))).toBe('[ 0.1+1.j   -2.5-0.25j]');
    expect(str(fromFloat64([1, 2, Number.NaN, 1, 1, Number.NaN], [3], 'complex128'))).toBe(
      '[ 1. +2.j nan +1.j  1.+nanj]',
    );
  });
});

describe('line wrapping and summarization', () => {
  it('wraps long rows at 75 characters', () => {
    expect(str(arange(30, undefined, undefined, 'float64'))).toBe(
      '[ 0.  1.  2.  3.  4.  5.  6.  7.  8.  9. 10. 11. 12. 13. 14. 15. 16. 17.\n' +
        ' 18. 19. 20. 21. 22. 23. 24. 25. 26. 27. 28. 29.]',
    );
    const sevenths = fromFloat64(
      range(40, (i) => i / 7),
      [2, 20],
      'float64',
    );
    expect(str(sevenths)).toBe(
      '[[0.         0.14285714 0.28571429 0.42857143 0.57142857 0.71428571\n' +
        '  0.85714286 1.         1.14285714 1.28571429 1.42857143 1.57142857\n' +
        '  1.71428571 1.85714286 2.         2.14285714 2.28571429 2.42857143\n' +
        '  2.57142857 2.71428571]\n' +
        ' [2.85714286 3.         3.14285714 3.28571429 3.42857143 3.57142857\n' +
        '  3.71428571 3.85714286 4.         4.14285714 4.28571429 4.42857143\n' +
        '  4.57142857 4.71428571 4.85714286 5.         5.14285714 5.28571429\n' +
        '  5.42857143 5.57142857]]',
    );
  });

  it('summarizes arrays of more than 1000 elements with edge items', () => {
    expect(str(arange(2000))).toBe('[   0    1    2 ... 1997 1998 1999]');
    expect(str(arange(3000).reshape([3, 1000]))).toBe(
      '[[   0    1    2 ...  997  998  999]\n [1000 1001 1002 ... 1997 1998 1999]\n [2000 2001 2002 ... 2997 2998 2999]]',
    );
    expect(str(arange(2000, undefined, undefined, 'float64').reshape([2, 1000]))).toBe(
      '[[0.000e+00 1.000e+00 2.000e+00 ... 9.970e+02 9.980e+02 9.990e+02]\n' +
        ' [1.000e+03 1.001e+03 1.002e+03 ... 1.997e+03 1.998e+03 1.999e+03]]',
    );
    expect(str(ones(1001, 'bool'))).toBe('[ True  True  True ...  True  True  True]');
  });

  it('chooses the float format from the edge items only', () => {
    expect(
      str(
        fromFloat64(
          range(1200, (i) => i / 1199),
          [1200],
          'float64',
        ),
      ),
    ).toBe('[0.00000000e+00 8.34028357e-04 1.66805671e-03 ... 9.98331943e-01\n 9.99165972e-01 1.00000000e+00]');
    expect(
      str(
        fromFloat64(
          range(1200, (i) => Math.fround(i / 1199)),
          [1200],
          'float32',
        ),
      ),
    ).toBe('[0.0000000e+00 8.3402835e-04 1.6680567e-03 ... 9.9833196e-01 9.9916595e-01\n 1.0000000e+00]');
  });

  it('summarizes every long axis of a 3-d array', () => {
    expect(str(arange(2000).reshape([10, 10, 20]))).toBe(
      '[[[   0    1    2 ...   17   18   19]\n' +
        '  [  20   21   22 ...   37   38   39]\n' +
        '  [  40   41   42 ...   57   58   59]\n' +
        '  ...\n' +
        '  [ 140  141  142 ...  157  158  159]\n' +
        '  [ 160  161  162 ...  177  178  179]\n' +
        '  [ 180  181  182 ...  197  198  199]]\n' +
        '\n' +
        ' [[ 200  201  202 ...  217  218  219]\n' +
        '  [ 220  221  222 ...  237  238  239]\n' +
        '  [ 240  241  242 ...  257  258  259]\n' +
        '  ...\n' +
        '  [ 340  341  342 ...  357  358  359]\n' +
        '  [ 360  361  362 ...  377  378  379]\n' +
        '  [ 380  381  382 ...  397  398  399]]\n' +
        '\n' +
        ' [[ 400  401  402 ...  417  418  419]\n' +
        '  [ 420  421  422 ...  437  438  439]\n' +
        '  [ 440  441  442 ...  457  458  459]\n' +
        '  ...\n' +
        '  [ 540  541  542 ...  557  558  559]\n' +
        '  [ 560  561  562 ...  577  578  579]\n' +
        '  [ 580  581  582 ...  597  598  599]]\n' +
        '\n' +
        ' ...\n' +
        '\n' +
        ' [[1400 1401 1402 ... 1417 1418 1419]\n' +
        '  [1420 1421 1422 ... 1437 1438 1439]\n' +
        '  [1440 1441 1442 ... 1457 1458 1459]\n' +
        '  ...\n' +
        '  [1540 1541 1542 ... 1557 1558 1559]\n' +
        '  [1560 1561 1562 ... 1577 1578 1579]\n' +
        '  [1580 1581 1582 ... 1597 1598 1599]]\n' +
        '\n' +
        ' [[1600 1601 1602 ... 1617 1618 1619]\n' +
        '  [1620 1621 1622 ... 1637 1638 1639]\n' +
        '  [1640 1641 1642 ... 1657 1658 1659]\n' +
        '  ...\n' +
        '  [1740 1741 1742 ... 1757 1758 1759]\n' +
        '  [1760 1761 1762 ... 1777 1778 1779]\n' +
        '  [1780 1781 1782 ... 1797 1798 1799]]\n' +
        '\n' +
        ' [[1800 1801 1802 ... 1817 1818 1819]\n' +
        '  [1820 1821 1822 ... 1837 1838 1839]\n' +
        '  [1840 1841 1842 ... 1857 1858 1859]\n' +
        '  ...\n' +
        '  [1940 1941 1942 ... 1957 1958 1959]\n' +
        '  [1960 1961 1962 ... 1977 1978 1979]\n' +
        '  [1980 1981 1982 ... 1997 1998 1999]]]',
    );
  });
});

describe('formatNDArray', () => {
  it('is what toString returns', () => {
    const a = array([1.5, 2]);
    expect(formatNDArray(a)).toBe(a.toString());
    expect(`${a}`).toBe('[1.5 2. ]');
  });
});
