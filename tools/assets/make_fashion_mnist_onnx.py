#!/usr/bin/python3
"""Train a small Fashion-MNIST MLP and emit the reference test assets.

Run from anywhere with Debian's Python (not a venv / PATH python):

    /usr/bin/python3 tools/assets/make_fashion_mnist_onnx.py

Needs Debian packages: python3-torch, python3-onnx, python3-sklearn,
python3-numpy, dataset-fashion-mnist.

Writes (relative to the repo root):
    tests/assets/fashion-mnist-mlp.onnx
    tests/assets/fashion-mnist-mlp.expected.json
    tests/assets/fashion-mnist-slice/t10k-images-idx3-ubyte.gz
    tests/assets/fashion-mnist-slice/t10k-labels-idx1-ubyte.gz
    tests/assets/fashion-mnist-slice.expected.json

Model: Flatten -> Linear(784,64) -> ReLU -> Linear(64,10), trained on the
60k training images scaled to [0,1] (x / 255, no mean/std normalisation),
Adam lr=1e-3, batch 128, 3 epochs, CPU, single thread, torch.manual_seed(0).
Expected metrics are computed with sklearn.metrics from the *PyTorch*
argmax predictions (labels 0..9, zero_division=0).
"""

import gzip
import inspect
import io
import json
import os
import struct
import sys
import time

import numpy as np
import onnx
import onnx.helper
import onnx.numpy_helper
import sklearn
import sklearn.metrics as skm
import torch
from torch import nn

SEED = 0
EPOCHS = 3
BATCH = 128
LR = 1e-3
OPSET = 13
SLICE_N = 256
NUM_CLASSES = 10

DATA_DIR = "/usr/share/datasets/fashion-mnist"
REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
ASSETS = os.path.join(REPO, "tests", "assets")
ONNX_PATH = os.path.join(ASSETS, "fashion-mnist-mlp.onnx")
FULL_JSON = os.path.join(ASSETS, "fashion-mnist-mlp.expected.json")
SLICE_DIR = os.path.join(ASSETS, "fashion-mnist-slice")
SLICE_JSON = os.path.join(ASSETS, "fashion-mnist-slice.expected.json")


# --------------------------------------------------------------------------- IDX I/O

def read_idx_gz(path):
    """Read a gzip'd IDX file (ubyte only) -> numpy uint8 array."""
    with gzip.open(path, "rb") as f:
        raw = f.read()
    zero, dtype_code, ndim = struct.unpack(">HBB", raw[:4])
    if zero != 0 or dtype_code != 0x08:
        raise ValueError(f"{path}: unsupported IDX header {raw[:4].hex()}")
    dims = struct.unpack(">" + "I" * ndim, raw[4:4 + 4 * ndim])
    data = np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * ndim)
    if data.size != int(np.prod(dims)):
        raise ValueError(f"{path}: expected {np.prod(dims)} bytes of data, got {data.size}")
    return data.reshape(dims)


def write_gz_deterministic(path, payload):
    """gzip with mtime=0 and no embedded file name -> byte-stable output."""
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, compresslevel=9, mtime=0) as gz:
        gz.write(payload)
    with open(path, "wb") as f:
        f.write(buf.getvalue())


def write_idx_gz(path, array):
    array = np.ascontiguousarray(array, dtype=np.uint8)
    header = struct.pack(">HBB", 0, 0x08, array.ndim)
    header += struct.pack(">" + "I" * array.ndim, *array.shape)
    write_gz_deterministic(path, header + array.tobytes())


# --------------------------------------------------------------------------- metrics

def metrics(y_true, y_pred):
    labels = list(range(NUM_CLASSES))
    p, r, f, _ = skm.precision_recall_fscore_support(
        y_true, y_pred, labels=labels, average="macro", zero_division=0)
    return {
        "n": int(len(y_true)),
        "accuracy": float(skm.accuracy_score(y_true, y_pred)),
        "precision_macro": float(p),
        "recall_macro": float(r),
        "f1_macro": float(f),
        "confusion_matrix": skm.confusion_matrix(y_true, y_pred, labels=labels).tolist(),
    }


def write_json(path, obj):
    """Top-level object, one key per line; flat lists on one line; matrices one row per line.

    Floats are written with Python's repr (shortest round-trip double).
    """
    def fmt(v):
        if isinstance(v, list) and v and isinstance(v[0], list):
            return "[\n    " + ",\n    ".join(json.dumps(row) for row in v) + "\n  ]"
        return json.dumps(v)
    body = ",\n".join(f"  {json.dumps(k)}: {fmt(v)}" for k, v in obj.items())
    text = "{\n" + body + "\n}\n"
    assert json.loads(text) == obj
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


# --------------------------------------------------------------------------- ONNX check w/o onnxruntime

def numpy_run_onnx(model, x):
    """Tiny evaluator for the handful of ops this MLP exports to.

    onnxruntime is not packaged in Debian and onnx 1.12 has no onnx.reference,
    so this is an independent check that the exported graph computes the same
    thing as PyTorch. Raises on any op it does not know.
    """
    env = {init.name: onnx.numpy_helper.to_array(init) for init in model.graph.initializer}
    env[model.graph.input[0].name] = x
    for node in model.graph.node:
        attrs = {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}
        ins = [env[i] for i in node.input]
        if node.op_type == "Flatten":
            axis = attrs.get("axis", 1)
            a = ins[0]
            out = a.reshape(int(np.prod(a.shape[:axis])), -1)
        elif node.op_type == "Gemm":
            a, b = ins[0], ins[1]
            if attrs.get("transA", 0):
                a = a.T
            if attrs.get("transB", 0):
                b = b.T
            out = attrs.get("alpha", 1.0) * (a @ b)
            if len(ins) > 2:
                out = out + attrs.get("beta", 1.0) * ins[2]
        elif node.op_type == "Relu":
            out = np.maximum(ins[0], 0)
        elif node.op_type == "Identity":
            out = ins[0]
        else:
            raise NotImplementedError(f"numpy_run_onnx: op {node.op_type}")
        env[node.output[0]] = out.astype(np.float32)
    return env[model.graph.output[0].name]


# --------------------------------------------------------------------------- main

def main():
    t0 = time.time()
    torch.manual_seed(SEED)
    np.random.seed(SEED)
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)

    x_train = read_idx_gz(os.path.join(DATA_DIR, "train-images-idx3-ubyte.gz"))
    y_train = read_idx_gz(os.path.join(DATA_DIR, "train-labels-idx1-ubyte.gz"))
    x_test = read_idx_gz(os.path.join(DATA_DIR, "t10k-images-idx3-ubyte.gz"))
    y_test = read_idx_gz(os.path.join(DATA_DIR, "t10k-labels-idx1-ubyte.gz"))
    assert x_train.shape == (60000, 28, 28) and y_train.shape == (60000,)
    assert x_test.shape == (10000, 28, 28) and y_test.shape == (10000,)

    def to_tensor(images):
        # [N,28,28] uint8 -> [N,1,28,28] float32 in [0,1]
        return torch.from_numpy(images.astype(np.float32) / np.float32(255.0)).unsqueeze(1)

    xt_train = to_tensor(x_train)
    yt_train = torch.from_numpy(y_train.astype(np.int64))
    xt_test = to_tensor(x_test)

    model = nn.Sequential(
        nn.Flatten(),
        nn.Linear(784, 64),
        nn.ReLU(),
        nn.Linear(64, 10),
    )
    opt = torch.optim.Adam(model.parameters(), lr=LR)
    loss_fn = nn.CrossEntropyLoss()
    gen = torch.Generator().manual_seed(SEED)

    model.train()
    for epoch in range(EPOCHS):
        perm = torch.randperm(len(xt_train), generator=gen)
        total = 0.0
        for i in range(0, len(perm), BATCH):
            idx = perm[i:i + BATCH]
            opt.zero_grad()
            loss = loss_fn(model(xt_train[idx]), yt_train[idx])
            loss.backward()
            opt.step()
            total += loss.item() * len(idx)
        print(f"epoch {epoch + 1}/{EPOCHS}: train loss {total / len(perm):.4f}", flush=True)

    model.eval()
    with torch.no_grad():
        logits_test = model(xt_test).numpy()
    pred_test = logits_test.argmax(axis=1)

    os.makedirs(SLICE_DIR, exist_ok=True)

    # ---- full test split metrics
    full = metrics(y_test, pred_test)
    write_json(FULL_JSON, full)
    print(f"test accuracy {full['accuracy']:.4f}  f1_macro {full['f1_macro']:.4f}")

    # ---- slice: first SLICE_N test examples
    write_idx_gz(os.path.join(SLICE_DIR, "t10k-images-idx3-ubyte.gz"), x_test[:SLICE_N])
    write_idx_gz(os.path.join(SLICE_DIR, "t10k-labels-idx1-ubyte.gz"), y_test[:SLICE_N])
    sl = metrics(y_test[:SLICE_N], pred_test[:SLICE_N])
    sl["predictions"] = [int(v) for v in pred_test[:SLICE_N]]
    sl["logits_first"] = [float(v) for v in logits_test[0]]
    write_json(SLICE_JSON, sl)
    print(f"slice accuracy {sl['accuracy']:.4f}")

    # round-trip the slice files
    assert np.array_equal(read_idx_gz(os.path.join(SLICE_DIR, "t10k-images-idx3-ubyte.gz")), x_test[:SLICE_N])
    assert np.array_equal(read_idx_gz(os.path.join(SLICE_DIR, "t10k-labels-idx1-ubyte.gz")), y_test[:SLICE_N])

    # ---- ONNX export (legacy TorchScript exporter)
    export_kwargs = dict(
        input_names=["input"],
        output_names=["logits"],
        dynamic_axes={"input": {0: "N"}, "logits": {0: "N"}},
        opset_version=OPSET,
        do_constant_folding=True,
        export_params=True,
    )
    if "dynamo" in inspect.signature(torch.onnx.export).parameters:
        export_kwargs["dynamo"] = False  # newer torch: force the legacy exporter
    dummy = torch.zeros(1, 1, 28, 28, dtype=torch.float32)
    torch.onnx.export(model, (dummy,), ONNX_PATH, **export_kwargs)

    m = onnx.load(ONNX_PATH)
    onnx.checker.check_model(m, full_check=True)
    opsets = {o.domain or "ai.onnx": o.version for o in m.opset_import}
    assert opsets.get("ai.onnx") == OPSET, opsets
    assert [i.name for i in m.graph.input] == ["input"], [i.name for i in m.graph.input]
    assert [o.name for o in m.graph.output] == ["logits"], [o.name for o in m.graph.output]

    def dims(vi):
        return [d.dim_param or d.dim_value for d in vi.type.tensor_type.shape.dim]

    assert dims(m.graph.input[0]) == ["N", 1, 28, 28], dims(m.graph.input[0])
    assert dims(m.graph.output[0]) == ["N", 10], dims(m.graph.output[0])
    assert m.graph.input[0].type.tensor_type.elem_type == onnx.TensorProto.FLOAT
    print(f"onnx: opset {opsets}, ops {[n.op_type for n in m.graph.node]}, "
          f"{os.path.getsize(ONNX_PATH)} bytes, checker OK")

    # numeric check of the ONNX graph vs PyTorch (numpy evaluator)
    np_logits = numpy_run_onnx(m, xt_test.numpy())
    max_diff = float(np.abs(np_logits - logits_test).max())
    agree = float((np_logits.argmax(axis=1) == pred_test).mean())
    print(f"onnx(numpy) vs torch: max |diff| {max_diff:.2e}, argmax agreement {agree:.4f}")
    assert max_diff < 1e-4, max_diff

    try:
        import onnxruntime as ort  # noqa: F401  (not packaged in Debian; usually absent)
    except ImportError:
        print("onnxruntime not importable: skipped ORT check")
    else:
        sess = ort.InferenceSession(ONNX_PATH, providers=["CPUExecutionProvider"])
        ort_logits = sess.run(["logits"], {"input": xt_test.numpy()})[0]
        ort_diff = float(np.abs(ort_logits - logits_test).max())
        print(f"onnxruntime vs torch: max |diff| {ort_diff:.2e}")
        assert ort_diff < 1e-4, ort_diff

    print(f"versions: python {sys.version.split()[0]}, torch {torch.__version__}, "
          f"onnx {onnx.__version__}, sklearn {sklearn.__version__}, numpy {np.__version__}")
    print(f"done in {time.time() - t0:.1f}s")


if __name__ == "__main__":
    main()
