#!/usr/bin/env python3
"""Runs the models that scripts/device/special-values-export.mjs wrote on onnxruntime's CUDA and CPU
execution providers and compares each result with core's value: the largest distance in ulps of the output
dtype per model and provider, NaN for NaN and the sign of zero included. Writes a JSON report and prints a
table. Usage: special-values-ort.py DIR REPORT.json"""
import glob
import json
import os
import struct
import sys

import numpy as np
import onnxruntime as ort


def f64(h):
    return struct.unpack('>d', bytes.fromhex(h))[0]


def ulps(a, b, dtype):
    if np.isnan(a) or np.isnan(b):
        return 0 if (np.isnan(a) and np.isnan(b)) else float('inf')
    if a == b:
        return 0 if np.signbit(a) == np.signbit(b) else float('inf')
    if dtype == 'float32':
        ia = struct.unpack('>i', struct.pack('>f', a))[0]
        ib = struct.unpack('>i', struct.pack('>f', b))[0]
        ia = -(ia & 0x7FFFFFFF) if ia < 0 else ia
        ib = -(ib & 0x7FFFFFFF) if ib < 0 else ib
    elif dtype == 'float64':
        ia = struct.unpack('>q', struct.pack('>d', a))[0]
        ib = struct.unpack('>q', struct.pack('>d', b))[0]
        ia = -(ia & 0x7FFFFFFFFFFFFFFF) if ia < 0 else ia
        ib = -(ib & 0x7FFFFFFFFFFFFFFF) if ib < 0 else ib
    else:
        return float('inf')
    return abs(ia - ib)


def main():
    src, report_path = sys.argv[1], sys.argv[2]
    available = ort.get_available_providers()
    providers = [p for p in ['CUDAExecutionProvider', 'CPUExecutionProvider'] if p in available]
    print('onnxruntime', ort.__version__, 'providers', available, flush=True)
    rows = []
    for meta_path in sorted(glob.glob(os.path.join(src, '*.json'))):
        meta = json.load(open(meta_path))
        model = meta_path[:-5] + '.onnx'
        np_dtype = np.float32 if meta['dtype'] == 'float32' else np.float64
        feeds_v = [np.array([f64(h) for h in col], dtype=np_dtype) for col in meta['inputs']]
        want = [f64(h) for h in meta['expected']]
        for prov in providers:
            row = {'id': meta['id'], 'provider': prov}
            try:
                sess = ort.InferenceSession(model, providers=[prov])
                feeds = {i.name: v for i, v in zip(sess.get_inputs(), feeds_v)}
                got = sess.run(None, feeds)[0].astype(np.float64).ravel()
                d = [ulps(float(g), w, meta['out']) if meta['out'] in ('float32', 'float64')
                     else (0 if float(g) == w else float('inf')) for g, w in zip(got, want)]
                worst = max(range(len(d)), key=lambda k: d[k])
                row.update(max_ulps=d[worst], bad=sum(1 for x in d if x > 0),
                           example=None if d[worst] == 0 else {
                               'args': [float(f[worst]) for f in feeds_v], 'got': float(got[worst]),
                               'expected': want[worst]})
            except Exception as e:  # a model a provider cannot run
                row['error'] = str(e)[:300]
            rows.append(row)
            print(row['id'], prov, row.get('max_ulps', row.get('error')), flush=True)
    json.dump({'onnxruntime': ort.__version__, 'providers': available, 'rows': rows},
              open(report_path, 'w'), indent=1, default=str)


if __name__ == '__main__':
    main()
