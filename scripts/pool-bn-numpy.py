"""Expected values of the conformance cases in packages/conformance/src/cases-nnet-pool.ts.

Pooling follows Theano 1.0's Pool.perform written directly in numpy (padded image, windows clamped to it,
'max' and 'sum' over the real elements only, 'average_inc_pad' dividing by the clamped padded window,
'average_exc_pad' by the number of real elements); batch normalization its documented formulas.
Run: env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python3 scripts/pool-bn-numpy.py
"""
import json
import numpy as np


def out_size(n, ws, st, pad, ib):
    r = n + 2 * pad
    if ib:
        return max(0, (r - ws) // st + 1)
    if st >= ws:
        return (r - 1) // st + 1
    return max(0, (r - 1 - ws) // st + 1) + 1


def pool(x, ws, ib, st=None, pad=(0, 0), mode='max'):
    st = st or ws
    h, w = x.shape[-2:]
    oh = out_size(h, ws[0], st[0], pad[0], ib)
    ow = out_size(w, ws[1], st[1], pad[1], ib)
    lead = x.shape[:-2]
    y = np.zeros(lead + (h + 2 * pad[0], w + 2 * pad[1]))
    y[..., pad[0]:pad[0] + h, pad[1]:pad[1] + w] = x
    out = np.zeros(lead + (oh, ow))
    for r in range(oh):
        r0, r1 = r * st[0], min(r * st[0] + ws[0], h + 2 * pad[0])
        for c in range(ow):
            c0, c1 = c * st[1], min(c * st[1] + ws[1], w + 2 * pad[1])
            if mode == 'average_inc_pad':
                out[..., r, c] = y[..., r0:r1, c0:c1].mean(axis=(-2, -1))
                continue
            rr0, rr1 = max(r0, pad[0]), min(r1, h + pad[0])
            cc0, cc1 = max(c0, pad[1]), min(c1, w + pad[1])
            win = y[..., rr0:rr1, cc0:cc1]
            f = {'max': np.max, 'sum': np.sum, 'average_exc_pad': np.mean}[mode]
            out[..., r, c] = f(win, axis=(-2, -1))
    return out


def show(name, v):
    print(name, '=', json.dumps(np.asarray(v).tolist()))


# a 4-d input (1, 2, 4, 5): distinct values (no ties)
X4 = (np.arange(40).reshape(1, 2, 4, 5) * 7 % 40 - 20) / 4.0
show('X4', X4)
for ib in (True, False):
    show(f'max ws(2,2) ib={ib}', pool(X4, (2, 2), ib))
    show(f'sum ws(2,2) ib={ib}', pool(X4, (2, 2), ib, mode='sum'))
# a 3-d input (2, 4, 5), ws (3, 2), stride (1, 2)
X3 = X4.reshape(2, 4, 5)
for mode in ('max', 'sum', 'average_inc_pad', 'average_exc_pad'):
    for ib in (True, False):
        show(f'{mode} ws(3,2) st(1,2) ib={ib}', pool(X3, (3, 2), ib, st=(1, 2), mode=mode))
# a matrix (4, 5) with pad (1, 1), ws (3, 3), stride (2, 2)
X2 = X4[0, 0]
for mode in ('max', 'sum', 'average_inc_pad', 'average_exc_pad'):
    show(f'{mode} ws(3,3) st(2,2) pad(1,1)', pool(X2, (3, 3), True, st=(2, 2), pad=(1, 1), mode=mode))
# stride larger than the window, partial border windows
show('max ws(2,2) st(3,3) ib=False', pool(X2, (2, 2), False, st=(3, 3)))
show('average_inc_pad ws(2,2) st(3,3) ib=False', pool(X2, (2, 2), False, st=(3, 3), mode='average_inc_pad'))

# batch normalization
XB = np.array([[1.0, -2.0, 0.5], [3.0, 0.0, 1.5], [-1.0, 2.0, 2.5], [5.0, 4.0, -0.5]])
G = np.array([[2.0, 0.5, 1.0]])
B = np.array([[0.1, -0.2, 0.3]])
RM = np.array([[0.5, 0.0, -1.0]])
RV = np.array([[1.0, 2.0, 0.5]])
eps = 1e-4
m = XB.mean(0, keepdims=True)
v = XB.var(0, keepdims=True)
inv = 1 / np.sqrt(v + eps)
show('bn train out', (XB - m) * G * inv + B)
show('bn train mean', m)
show('bn train invstd', inv)
show('bn train running mean', RM * 0.9 + m * 0.1)
show('bn train running var', RV * 0.9 + XB.var(0, ddof=1, keepdims=True) * 0.1)
# spatial, (2, 2, 2, 2), gamma/beta given without the axes (shape (2,)), factor 0.5, epsilon 1e-3
XS = (np.arange(16).reshape(2, 2, 2, 2) * 5 % 16) / 2.0 - 3
GS = np.array([1.5, -0.5])
BS = np.array([0.25, 1.0])
ms = XS.mean((0, 2, 3))
vs = XS.var((0, 2, 3))
invs = 1 / np.sqrt(vs + 1e-3)
show('XS', XS)
show('bn spatial out', (XS - ms[None, :, None, None]) * (GS * invs)[None, :, None, None] + BS[None, :, None, None])
show('bn spatial mean', ms)
show('bn spatial invstd', invs)
show('bn spatial running mean', np.zeros(2) * 0.5 + ms * 0.5)
show('bn spatial running var', np.ones(2) * 0.5 + XS.var((0, 2, 3), ddof=1) * 0.5)
# test mode: given mean and var
show('bn test out', (XB - RM) * (G / np.sqrt(RV + eps)) + B)
# the elementwise form with a std
show('batchNormalization out', (XB - RM) * (G / np.array([[2.0, 0.5, 4.0]])) + B)
