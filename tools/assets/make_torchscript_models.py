#!/usr/bin/python3
"""Build tiny TorchScript models with Debian's PyTorch and record their outputs.

Run from anywhere with Debian's Python (not a venv / PATH python):

    /usr/bin/python3 tools/assets/make_torchscript_models.py

Needs Debian package: python3-torch.

Writes (relative to the repo root):
    tests/assets/torch/tiny-cnn.pt                 traced with torch.jit.trace, saved with torch.jit.save (debug info dropped)
    tests/assets/torch/tiny-cnn.expected.json      a fixed input [2,1,8,8] and PyTorch's output [2,3]
    tests/assets/torch/two-inputs.pt               traced: forward(x, y) = fc(x) - 2*y
    tests/assets/torch/two-inputs.expected.json    fixed inputs x [3,4], y [3,2] and the output [3,2]
    tests/assets/torch/tiny-cnn.state-dict.pt      the CNN's torch.save(state_dict()): a PyTorch file that is NOT TorchScript

tiny-cnn: Conv2d(1,4,3,padding=1) -> BatchNorm2d(4) -> ReLU -> MaxPool2d(2) -> Flatten -> Linear(64,3), in eval
mode, with seeded weights and seeded BatchNorm running statistics (so eval-mode normalization is exercised).
Inputs are seeded uniform [0,1) values; every float is written with repr() so it round-trips exactly as float32.
"""

import io
import json
import os
import zipfile

import torch
from torch import nn

SEED = 0
REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUT = os.path.join(REPO, "tests", "assets", "torch")


class TinyCnn(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(1, 4, 3, padding=1)
        self.bn = nn.BatchNorm2d(4)
        self.relu = nn.ReLU()
        self.pool = nn.MaxPool2d(2)
        self.flatten = nn.Flatten()
        self.fc = nn.Linear(64, 3)

    def forward(self, x):
        return self.fc(self.flatten(self.pool(self.relu(self.bn(self.conv(x))))))


class TwoInputs(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 2)

    def forward(self, x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        # Not symmetric in its arguments, so a swapped argument order shows.
        return self.fc(x) - 2.0 * y


def floats(t):
    return [float(v) for v in t.detach().reshape(-1).tolist()]


def write_json(name, payload):
    with open(os.path.join(OUT, name), "w", encoding="utf-8") as f:
        json.dump(payload, f, indent=1)
        f.write("\n")


def rezip(data, path, keep=lambda name: True):
    """Rewrites a zip with fixed timestamps, entries stored in their original order, so reruns give identical bytes."""
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as target:
        for info in source.infolist():
            if keep(info.filename):
                target.writestr(zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0)), source.read(info.filename))


def save_script(module, name, inputs, expected):
    """torch.jit.save without the *.debug_pkl source ranges (they hold this script's absolute path); reloads and checks."""
    buffer = io.BytesIO()
    torch.jit.save(module, buffer)
    path = os.path.join(OUT, name)
    rezip(buffer.getvalue(), path, keep=lambda entry: not entry.endswith(".debug_pkl"))
    reloaded = torch.jit.load(path)
    with torch.no_grad():
        assert torch.equal(reloaded(*inputs), expected), f"{name}: the reloaded module disagrees"


def main():
    os.makedirs(OUT, exist_ok=True)
    torch.manual_seed(SEED)
    torch.set_num_threads(1)

    cnn = TinyCnn()
    with torch.no_grad():
        cnn.bn.running_mean.copy_(torch.rand(4) - 0.5)
        cnn.bn.running_var.copy_(torch.rand(4) + 0.5)
        cnn.bn.weight.copy_(torch.rand(4) + 0.5)
        cnn.bn.bias.copy_(torch.rand(4) - 0.5)
    cnn.eval()
    x = torch.rand(2, 1, 8, 8)
    with torch.no_grad():
        traced = torch.jit.trace(cnn, x)
        expected = cnn(x)
        assert torch.equal(traced(x), expected)
    save_script(traced, "tiny-cnn.pt", (x,), expected)
    write_json("tiny-cnn.expected.json", {
        "torch_version": torch.__version__,
        "input_shape": list(x.shape),
        "input": floats(x),
        "output_shape": list(expected.shape),
        "output": floats(expected),
    })
    # A PyTorch file that is not TorchScript: the state dict, as torch.save writes it.
    buffer = io.BytesIO()
    torch.save(cnn.state_dict(), buffer)
    rezip(buffer.getvalue(), os.path.join(OUT, "tiny-cnn.state-dict.pt"))

    two = TwoInputs().eval()
    a = torch.rand(3, 4)
    b = torch.rand(3, 2)
    with torch.no_grad():
        # Traced rather than scripted: torch.jit.script's output order depends on Python's hash seed.
        scripted = torch.jit.trace(two, (a, b))
        out = two(a, b)
        assert torch.equal(scripted(a, b), out)
    save_script(scripted, "two-inputs.pt", (a, b), out)
    write_json("two-inputs.expected.json", {
        "torch_version": torch.__version__,
        "x_shape": list(a.shape),
        "x": floats(a),
        "y_shape": list(b.shape),
        "y": floats(b),
        "output_shape": list(out.shape),
        "output": floats(out),
    })
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
