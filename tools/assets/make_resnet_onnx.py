#!/usr/bin/python3
"""Export torchvision's ResNet-18 graph (no weights) and its expected cost for Assay's counter.

Run from anywhere with Debian's Python (not a venv / PATH python):

    /usr/bin/python3 tools/assets/make_resnet_onnx.py

Needs Debian packages: python3-torch, python3-torchvision, python3-onnx.

Writes (relative to the repo root):
    tests/assets/onnx/resnet18.onnx            graph and shapes only (export_params=False)
    tests/assets/onnx/resnet18.expected.json   counts computed here, independently of the ONNX file

The model is resnet18(weights=None) in eval mode, seeded. BatchNorm affine parameters and running statistics are
re-drawn at random so the exporter cannot merge equal-valued tensors, and the export uses TrainingMode.PRESERVE so it
keeps BatchNormalization nodes instead of folding them into the convolutions: parameters then match
sum(p.numel()) exactly. Input "input" is float32 [N, 3, 224, 224] with a dynamic batch N; output "logits" [N, 1000];
opset 13. Without exported parameters the weights appear as graph inputs with fixed shapes.

Expected counts use Assay's conventions (docs/model-cost.md), by forward hooks at batch 1:
    Conv2d       MACs = out.numel() * in_channels / groups * kh * kw;   other ops = out.numel() if bias
    Linear       MACs = out.numel() * in_features;                      other ops = out.numel() if bias
    BatchNorm2d  MACs = out.numel()
    ReLU         other ops = out.numel() per call
    MaxPool2d    other ops = out.numel() * kh * kw
    AdaptiveAvgPool2d to 1x1 (GlobalAveragePool)  other ops = in.numel()
    BasicBlock   other ops = out.numel() for the residual addition
    params       = sum(p.numel() for p in model.parameters())
    weight bytes = 4 * (params + running means and variances)   (float32; num_batches_tracked is not exported)
"""

import collections
import io
import json
import os

import onnx
import torch
import torchvision

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUT = os.path.join(ROOT, "tests", "assets", "onnx")


def build_model():
    torch.manual_seed(0)
    model = torchvision.models.resnet18(weights=None)
    generator = torch.Generator().manual_seed(1)
    with torch.no_grad():
        for module in model.modules():
            if isinstance(module, torch.nn.BatchNorm2d):
                n = module.num_features
                module.weight.copy_(torch.rand(n, generator=generator) + 0.5)
                module.bias.copy_(torch.randn(n, generator=generator) * 0.1)
                module.running_mean.copy_(torch.randn(n, generator=generator) * 0.1)
                module.running_var.copy_(torch.rand(n, generator=generator) + 0.5)
    return model.eval()


def expected_counts(model, x):
    counts = collections.Counter()

    def hook(module, inputs, output):
        out = output.numel()
        if isinstance(module, torch.nn.Conv2d):
            kh, kw = module.kernel_size
            counts["conv_macs"] += out * (module.in_channels // module.groups) * kh * kw
            if module.bias is not None:
                counts["other_ops"] += out
        elif isinstance(module, torch.nn.Linear):
            counts["linear_macs"] += out * module.in_features
            if module.bias is not None:
                counts["other_ops"] += out
        elif isinstance(module, torch.nn.BatchNorm2d):
            counts["batchnorm_macs"] += out
        elif isinstance(module, torch.nn.ReLU):
            counts["other_ops"] += out
        elif isinstance(module, torch.nn.MaxPool2d):
            counts["other_ops"] += out * module.kernel_size * module.kernel_size
        elif isinstance(module, torch.nn.AdaptiveAvgPool2d):
            assert tuple(output.shape[2:]) == (1, 1)
            counts["other_ops"] += inputs[0].numel()
        elif isinstance(module, torchvision.models.resnet.BasicBlock):
            counts["other_ops"] += out

    handles = [m.register_forward_hook(hook) for m in model.modules()]
    with torch.no_grad():
        logits = model(x)
    for h in handles:
        h.remove()
    assert tuple(logits.shape) == (1, 1000)
    params = sum(p.numel() for p in model.parameters())
    statistics = sum(m.running_mean.numel() + m.running_var.numel() for m in model.modules() if isinstance(m, torch.nn.BatchNorm2d))
    return {
        "params": params,
        "weight_bytes": 4 * (params + statistics),
        "macs": counts["conv_macs"] + counts["linear_macs"] + counts["batchnorm_macs"],
        "conv_linear_macs": counts["conv_macs"] + counts["linear_macs"],
        "conv_macs": counts["conv_macs"],
        "linear_macs": counts["linear_macs"],
        "batchnorm_macs": counts["batchnorm_macs"],
        "other_ops": counts["other_ops"],
    }


def main():
    model = build_model()
    x = torch.zeros(1, 3, 224, 224)
    expected = expected_counts(model, x)

    buffer = io.BytesIO()
    torch.onnx.export(
        model, x, buffer,
        export_params=False,
        opset_version=13,
        training=torch.onnx.TrainingMode.PRESERVE,
        do_constant_folding=False,
        input_names=["input"],
        output_names=["logits"],
        dynamic_axes={"input": {0: "N"}, "logits": {0: "N"}},
    )
    data = buffer.getvalue()
    proto = onnx.load_from_string(data)
    onnx.checker.check_model(proto)
    ops = collections.Counter(n.op_type for n in proto.graph.node)
    # Guard the conditions the expected counts rely on: BN kept, no weights merged behind Identity nodes.
    assert ops["BatchNormalization"] == 20 and ops["Conv"] == 20 and "Identity" not in ops, ops
    assert len(proto.graph.initializer) == 0

    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "resnet18.onnx"), "wb") as f:
        f.write(data)
    expected.update({
        "input": "input",
        "input_shape": [1, 3, 224, 224],
        "opset": 13,
        "node_counts": dict(sorted(ops.items())),
        "torch_version": torch.__version__,
        "torchvision_version": torchvision.__version__,
        "onnx_version": onnx.__version__,
    })
    with open(os.path.join(OUT, "resnet18.expected.json"), "w") as f:
        json.dump(expected, f, indent=2)
        f.write("\n")
    print(json.dumps(expected, indent=2))
    print(f"resnet18.onnx: {len(data)} bytes")


if __name__ == "__main__":
    main()
