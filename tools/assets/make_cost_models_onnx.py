#!/usr/bin/python3
"""Export two small PyTorch models whose graphs use dynamic shapes, with their expected cost, for Assay's counter.

Run from anywhere with Debian's Python (not a venv / PATH python):

    /usr/bin/python3 tools/assets/make_cost_models_onnx.py

Needs Debian packages: python3-torch, python3-onnx.

Writes (relative to the repo root), each model with its weights (a few KB):
    tests/assets/onnx/view-cnn.onnx (+ .expected.json)
        Conv2d(1,4,3,pad 1) -> ReLU -> MaxPool2d(2, ceil_mode=True) -> x.view(x.size(0), -1) -> Linear(256,10)
        on float32 [N, 1, 15, 15]; opset 13, dynamic batch N. The view becomes Shape -> Gather -> Unsqueeze ->
        Concat -> Reshape, which the counter must fold. Ceil mode turns 15 into 8, not 7.
    tests/assets/onnx/tiny-attention.onnx (+ .expected.json)
        One self-attention block: q, k, v Linear(8,8) on [N, T, 8], 2 heads split with view(b, t, h, d // h), scores
        q @ k^T (4-D MatMul), softmax, @ v, merge heads, output Linear(8,8), residual, LayerNorm(8); opset 17, dynamic
        batch N and sequence T. The head split and merge are built from x.size(...) at trace time.

Expected counts use Assay's conventions (docs/model-cost.md), per sample (batch 1; attention at T = 6):
    Conv2d / Linear MACs by forward hooks (out.numel() * in_channels * kh * kw, out.numel() * in_features), the
    attention products as H * T * T * Dh each, LayerNorm 1 MAC per element; params = sum(p.numel()).
    view-cnn other ops by hooks too: bias adds, ReLU, MaxPool out.numel() * kh * kw (its graph has no other arithmetic).
"""

import collections
import io
import json
import os

import onnx
import torch
from torch import nn

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUT = os.path.join(ROOT, "tests", "assets", "onnx")


class ViewCnn(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(1, 4, 3, padding=1)
        self.relu = nn.ReLU()
        self.pool = nn.MaxPool2d(2, ceil_mode=True)
        self.fc = nn.Linear(4 * 8 * 8, 10)

    def forward(self, x):
        x = self.pool(self.relu(self.conv(x)))
        return self.fc(x.view(x.size(0), -1))


class TinyAttention(nn.Module):
    def __init__(self, d=8, heads=2):
        super().__init__()
        self.heads = heads
        self.q = nn.Linear(d, d)
        self.k = nn.Linear(d, d)
        self.v = nn.Linear(d, d)
        self.out = nn.Linear(d, d)
        self.norm = nn.LayerNorm(d)
        self.scale = 1.0 / (d // heads) ** 0.5

    def forward(self, x):
        b, t, d = x.size(0), x.size(1), x.size(2)
        h = self.heads

        def split(y):
            return y.view(b, t, h, d // h).transpose(1, 2)

        q, k, v = split(self.q(x)), split(self.k(x)), split(self.v(x))
        attention = torch.softmax(torch.matmul(q, k.transpose(-2, -1)) * self.scale, dim=-1)
        y = torch.matmul(attention, v).transpose(1, 2).reshape(b, t, d)
        return self.norm(x + self.out(y))


def hook_counts(model, x):
    counts = collections.Counter()

    def hook(module, inputs, output):
        out = output.numel()
        if isinstance(module, nn.Conv2d):
            kh, kw = module.kernel_size
            counts["macs"] += out * (module.in_channels // module.groups) * kh * kw
            counts["other_ops"] += out if module.bias is not None else 0
        elif isinstance(module, nn.Linear):
            counts["macs"] += out * module.in_features
            counts["other_ops"] += out if module.bias is not None else 0
        elif isinstance(module, nn.LayerNorm):
            counts["macs"] += out
        elif isinstance(module, nn.ReLU):
            counts["other_ops"] += out
        elif isinstance(module, nn.MaxPool2d):
            counts["other_ops"] += out * module.kernel_size * module.kernel_size

    handles = [m.register_forward_hook(hook) for m in model.modules()]
    with torch.no_grad():
        model(x)
    for h in handles:
        h.remove()
    return counts


def export(model, x, name, opset, dynamic_axes, expected):
    buffer = io.BytesIO()
    torch.onnx.export(model, x, buffer, opset_version=opset, input_names=["input"], output_names=["output"],
                      dynamic_axes=dynamic_axes)
    data = buffer.getvalue()
    proto = onnx.load_from_string(data)
    onnx.checker.check_model(proto, full_check=True)
    ops = collections.Counter(n.op_type for n in proto.graph.node)
    expected.update({
        "params": sum(p.numel() for p in model.parameters()),
        "opset": opset,
        "node_counts": dict(sorted(ops.items())),
        "torch_version": torch.__version__,
        "onnx_version": onnx.__version__,
    })
    with open(os.path.join(OUT, name + ".onnx"), "wb") as f:
        f.write(data)
    with open(os.path.join(OUT, name + ".expected.json"), "w") as f:
        json.dump(expected, f, indent=2)
        f.write("\n")
    print(name, len(data), "bytes", json.dumps(expected))
    return ops


def main():
    os.makedirs(OUT, exist_ok=True)

    torch.manual_seed(0)
    cnn = ViewCnn().eval()
    x = torch.rand(1, 1, 15, 15)
    counts = hook_counts(cnn, x)
    ops = export(cnn, x, "view-cnn", 13, {"input": {0: "N"}, "output": {0: "N"}},
                 {"macs": counts["macs"], "other_ops": counts["other_ops"], "input_shape": [1, 1, 15, 15]})
    assert {"Shape", "Gather", "Unsqueeze", "Concat", "Reshape"} <= set(ops), ops

    torch.manual_seed(0)
    attention = TinyAttention().eval()
    t, d, h = 6, 8, 2
    x = torch.rand(1, t, d)
    counts = hook_counts(attention, x)
    products = 2 * h * t * t * (d // h)
    ops = export(attention, x, "tiny-attention", 17, {"input": {0: "N", 1: "T"}, "output": {0: "N", 1: "T"}},
                 {"macs": counts["macs"] + products, "attention_product_macs": products, "input_shape": [1, t, d],
                  "sequence_dim": "T"})
    assert ops["MatMul"] == 6 and "LayerNormalization" in ops, ops


if __name__ == "__main__":
    main()
