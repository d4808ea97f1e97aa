"""numpy peer for the theano-ts training-step benchmarks (packages/bench/src/common/numpy.ts).

Reads one JSON command per line on stdin and answers one JSON line on stdout:
  {"cmd": "hello"}   answers {"numpy": VERSION}
  {"cmd": "load", "model": "mlp" | "logreg", "dtype": "float32" | "float64", "dir": DIR, "sizes": {...}}
      reads the seeded data the benchmark wrote to DIR (raw little-endian float64 files) and sets the
      parameters to their initial values; answers {"ok": true, "blas": ...}
  {"cmd": "step"}      one training step; answers {"out": [...]} (the MLP's cost, or the logistic
                       regression's xent vector), for the agreement check
  {"cmd": "time", "n": N}  N steps; answers {"ms": elapsed milliseconds} measured here (perf_counter), so
                       the pipe's latency is not counted; each step's results stay numpy arrays, as the
                       theano-ts side's outputs stay NDArrays (converting them is not part of a step)
The steps are written by hand the way a numpy user would write them (gradients derived on paper), with the
arrays in the benchmark's dtype.
"""
import json
import os
import sys
import time

import numpy as np


def read(d, name, shape, dtype):
    return np.fromfile(os.path.join(d, name + ".f64"), dtype="<f8").reshape(shape).astype(dtype)


class Mlp:
    """h = tanh(x W1 + b1), p = softmax(h W2 + b2), cost = mean(-sum(y log p)), SGD with rate lr."""

    def __init__(self, d, s, dtype):
        b, i, h, c = s["batch"], s["inputs"], s["hidden"], s["classes"]
        self.x = read(d, "x", (b, i), dtype)
        self.y = read(d, "y", (b, c), dtype)
        self.W1 = read(d, "W1", (i, h), dtype)
        self.b1 = read(d, "b1", (h,), dtype)
        self.W2 = read(d, "W2", (h, c), dtype)
        self.b2 = read(d, "b2", (c,), dtype)
        self.lr = dtype(s["lr"])
        self.inv_b = dtype(1.0 / b)

    @staticmethod
    def output(cost):
        """The step's result as the check compares it: [cost]."""
        return [float(cost)]

    def step(self):
        """One SGD step; returns the cost as a numpy scalar (converted only by `output`)."""
        x, y = self.x, self.y
        h = np.tanh(x @ self.W1 + self.b1)
        a = h @ self.W2 + self.b2
        e = np.exp(a - a.max(axis=1, keepdims=True))
        p = e / e.sum(axis=1, keepdims=True)
        cost = -(y * np.log(p)).sum(axis=1).mean()
        # d cost / d a = (p * sum(y) - y) / batch, and sum(y) = 1 per row (one-hot)
        d2 = (p - y) * self.inv_b
        gW2 = h.T @ d2
        gb2 = d2.sum(axis=0)
        d1 = (d2 @ self.W2.T) * (1 - h * h)
        gW1 = x.T @ d1
        gb1 = d1.sum(axis=0)
        self.W1 -= self.lr * gW1
        self.b1 -= self.lr * gb1
        self.W2 -= self.lr * gW2
        self.b2 -= self.lr * gb2
        return cost


class LogReg:
    """The Theano tutorial's logistic regression: p = sigmoid(x w + b), xent, cost = mean(xent) + 0.01 |w|^2."""

    def __init__(self, d, s, dtype):
        n, f = s["batch"], s["inputs"]
        self.x = read(d, "x", (n, f), dtype)
        self.y = read(d, "y", (n,), dtype)
        self.w = read(d, "w", (f,), dtype)
        self.b = dtype(0)
        self.lr = dtype(s["lr"])
        self.inv_n = dtype(1.0 / n)
        self.dtype = dtype

    @staticmethod
    def output(result):
        """The step's result as the check compares it: the xent vector as floats."""
        return [float(v) for v in result[1]]

    def step(self):
        """One SGD step; returns (prediction, xent) as arrays (converted only by `output`)."""
        x, y, w = self.x, self.y, self.w
        z = x @ w + self.b
        p = 1 / (1 + np.exp(-z))
        prediction = p > 0.5
        # -y log p - (1-y) log(1-p) written without overflow, as theano-ts's optimizer rewrites it
        # (log(sigmoid(z)) = -softplus(-z)): with the tutorial's data |z| reaches ~100 and p rounds to 1
        xent = y * np.logaddexp(0, -z) + (1 - y) * np.logaddexp(0, z)
        dz = (p - y) * self.inv_n
        gw = x.T @ dz + self.dtype(0.02) * w
        gb = dz.sum()
        self.w -= self.lr * gw
        self.b = self.dtype(self.b - self.lr * gb)
        return prediction, xent


MODEL = None


def main():
    for line in sys.stdin:
        cmd = json.loads(line)
        try:
            out = answer(cmd)
        except Exception as e:  # the benchmark reports it and stops
            out = {"error": "%s: %s" % (type(e).__name__, e)}
        sys.stdout.write(json.dumps(out) + "\n")
        sys.stdout.flush()


def answer(cmd):
    global MODEL
    if cmd["cmd"] == "hello":
        return {"numpy": np.__version__}
    if cmd["cmd"] == "load":
        dtype = np.float32 if cmd["dtype"] == "float32" else np.float64
        cls = Mlp if cmd["model"] == "mlp" else LogReg
        MODEL = cls(cmd["dir"], cmd["sizes"], dtype)
        return {"ok": True}
    if cmd["cmd"] == "step":
        return {"out": MODEL.output(MODEL.step())}
    if cmd["cmd"] == "time":
        t0 = time.perf_counter()
        for _ in range(cmd["n"]):
            MODEL.step()
        return {"ms": (time.perf_counter() - t0) * 1000}
    return {"error": "unknown command " + cmd["cmd"]}


if __name__ == "__main__":
    main()
