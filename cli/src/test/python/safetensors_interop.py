"""Reads and writes safetensors files with the official `safetensors` package, for CliSafetensorsIT.

    python safetensors_interop.py read FILE      # prints {name: {"dtype", "shape", "values"}} as JSON
    python safetensors_interop.py write FILE F64|F32   # writes w = [[0.5]] and b = [0.25] for examples/linear.net

Needs `pip install safetensors numpy` (a virtual environment will do); the test skips without them.
"""
import json
import sys

import numpy as np
from safetensors.numpy import load_file, save_file


def main(mode, path, dtype="F64"):
    if mode == "read":
        tensors = load_file(path)
        print(json.dumps({name: {"dtype": {"float64": "F64", "float32": "F32"}[str(t.dtype)],
                                 "shape": list(t.shape), "values": [float(v) for v in t.reshape(-1)]}
                          for name, t in tensors.items()}))
    elif mode == "write":
        np_type = {"F64": np.float64, "F32": np.float32}[dtype]
        save_file({"w": np.array([[0.5]], dtype=np_type), "b": np.array([0.25], dtype=np_type)}, path)
    else:
        raise SystemExit("usage: safetensors_interop.py read FILE | write FILE F64|F32")


if __name__ == "__main__":
    main(*sys.argv[1:])
