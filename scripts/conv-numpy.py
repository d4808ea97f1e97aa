"""Expected values of the conv2d conformance cases (packages/conformance/src/cases-nnet-conv.ts).

The forward convolution is scipy.signal.convolve2d (correlate2d for filterFlip false) per image channel,
summed over the channels of the filter's group, on the zero-padded image with the kernel dilated by
inserted zeros, then subsampled with [::s]. conv2dTranspose and the filter gradient are the transposes of
that linear map, built column by column from basis vectors (no transposed-convolution formula involved).
Run: env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python3 scripts/conv-numpy.py
"""
import json

import numpy as np
from scipy.signal import convolve2d, correlate2d


def xval(shape, a=4, b=5, c=3, d=2, m=7, off=3):
    n, ch, h, w = np.indices(shape)
    return ((n * a + ch * b + h * c + w * d) % m - off).astype(np.float64)


def wval(shape):
    o, c, a, b = np.indices(shape)
    return ((o * 3 + c * 4 + a * 2 + b) % 5 - 2).astype(np.float64)


def conv(x, w, pads=(0, 0), s=(1, 1), d=(1, 1), groups=1, flip=True):
    n, c, h, wd = x.shape
    o, cg, kh, kw = w.shape
    kd = np.zeros((o, cg, (kh - 1) * d[0] + 1, (kw - 1) * d[1] + 1))
    kd[:, :, :: d[0], :: d[1]] = w
    xp = np.pad(x, ((0, 0), (0, 0), (pads[0], pads[0]), (pads[1], pads[1])))
    og = o // groups
    f = convolve2d if flip else correlate2d
    out = []
    for b in range(n):
        rows = []
        for oc in range(o):
            g = oc // og
            acc = sum(f(xp[b, g * cg + ci], kd[oc, ci], mode='valid') for ci in range(cg))
            rows.append(acc[:: s[0], :: s[1]])
        out.append(rows)
    return np.array(out)


def pads_of(mode, kshape, d=(1, 1)):
    dk = [(kshape[0] - 1) * d[0] + 1, (kshape[1] - 1) * d[1] + 1]
    if mode == 'full':
        return (dk[0] - 1, dk[1] - 1)
    if mode == 'half':
        return (dk[0] // 2, dk[1] // 2)
    return mode


def matrix(f, in_shape):
    """The matrix of the linear map f on arrays of in_shape (column k: f of the k-th basis array)."""
    cols = []
    for k in range(int(np.prod(in_shape))):
        e = np.zeros(int(np.prod(in_shape)))
        e[k] = 1
        cols.append(f(e.reshape(in_shape)).ravel())
    return np.array(cols).T


def ints(a):
    r = np.rint(a)
    assert np.allclose(r, a)
    return r.astype(int).tolist()


out = {}
x = xval((2, 2, 4, 5)); w = wval((3, 2, 2, 3))
out['valid'] = ints(conv(x, w))
out['valid_noflip'] = ints(conv(x, w, flip=False))
x = xval((1, 2, 3, 4)); w = wval((2, 2, 2, 2))
out['full'] = ints(conv(x, w, pads=pads_of('full', (2, 2))))
x = xval((1, 1, 4, 4)); w = wval((1, 1, 3, 2))
out['half'] = ints(conv(x, w, pads=pads_of('half', (3, 2))))
x = xval((1, 1, 5, 5)); w = wval((1, 1, 3, 3))
out['pad12_s2'] = ints(conv(x, w, pads=(1, 2), s=(2, 2)))
out['pad1'] = ints(conv(x, w, pads=(1, 1)))
x = xval((1, 1, 5, 6)); w = wval((1, 1, 2, 2))
out['dil21'] = ints(conv(x, w, d=(2, 1)))
out['half_dil2'] = ints(conv(x, w, pads=pads_of('half', (2, 2), (2, 2)), d=(2, 2)))
x = xval((1, 4, 3, 3)); w = wval((4, 2, 2, 2))
out['groups2'] = ints(conv(x, w, groups=2))
# conv2dTranspose: y (1,2,2,3) through filters (2,1,3,3), output (1,1,5,7), stride 2 (valid)
w = wval((2, 1, 3, 3)); y = xval((1, 2, 2, 3))
A = matrix(lambda v: conv(v, w, s=(2, 2)), (1, 1, 5, 7))
out['transpose_s2'] = ints((A.T @ y.ravel()).reshape(1, 1, 5, 7))
# border 1, stride 2, output (1,1,4,6): the forward conv of 4 x 6 gives 2 x 3
A = matrix(lambda v: conv(v, w, pads=(1, 1), s=(2, 2)), (1, 1, 4, 6))
out['transpose_pad1_s2'] = ints((A.T @ y.ravel()).reshape(1, 1, 4, 6))
# gradients of sum(conv2d(x, w, border 1, stride (2, 1), groups 2) * y) with respect to x and w
x = xval((1, 4, 4, 3)); w = wval((2, 2, 2, 2))
fx = lambda v: conv(v, w, pads=(1, 1), s=(2, 1), groups=2)
y = xval(fx(x).shape, 3, 2, 1, 3, 5, 2)
out['grad_y'] = ints(y)
out['grad_x'] = ints((matrix(fx, x.shape).T @ y.ravel()).reshape(x.shape))
fw = lambda v: conv(x, v, pads=(1, 1), s=(2, 1), groups=2)
out['grad_w'] = ints((matrix(fw, w.shape).T @ y.ravel()).reshape(w.shape))
for k, v in out.items():
    print(f'{k} = {json.dumps(v)}')
