namespace Assay.Benchmarking.Cost;

/// <summary>Matrix products, and the operators that move, reshape, index or create tensors.</summary>
internal static partial class ShapeRules
{
    private static TensorFacts[] Gemm(NodeProto node, IReadOnlyList<TensorFacts?> inputs)
    {
        var a = ShapeAt(inputs, 0);
        var b = ShapeAt(inputs, 1);
        if (a is null || b is null) return Unknown(node);
        if (a.Length != 2 || b.Length != 2) throw new InvalidDataException($"Gemm needs matrices, got {Shapes.Format(a)} and {Shapes.Format(b)}");
        var (m, ka) = node.Int("transA", 0) != 0 ? (a[1], a[0]) : (a[0], a[1]);
        var (kb, n) = node.Int("transB", 0) != 0 ? (b[1], b[0]) : (b[0], b[1]);
        if (ka != kb) throw new InvalidDataException($"inner dimensions differ: A {Shapes.Format(a)} and B {Shapes.Format(b)} (transA {node.Int("transA", 0)}, transB {node.Int("transB", 0)})");
        return Outputs(node, new TensorFacts([m, n], Input(inputs, 0)!.ElementType));
    }

    private static TensorFacts[] MatMul(NodeProto node, IReadOnlyList<TensorFacts?> inputs)
    {
        var a = ShapeAt(inputs, 0);
        var b = ShapeAt(inputs, 1);
        if (a is null || b is null) return Unknown(node);
        return Outputs(node, new TensorFacts(MatMulShape(a, b), Input(inputs, 0)!.ElementType));
    }

    /// <summary>numpy.matmul's shape: batch axes broadcast; a 1-D operand gains, then loses, a unit axis.</summary>
    internal static long[] MatMulShape(long[] a, long[] b)
    {
        if (a.Length == 0 || b.Length == 0) throw new InvalidDataException("MatMul operands must have rank 1 or more");
        long[] left = a.Length == 1 ? [1, a[0]] : a;
        long[] right = b.Length == 1 ? [b[0], 1] : b;
        if (left[^1] != right[^2]) throw new InvalidDataException($"inner dimensions differ: {Shapes.Format(a)} × {Shapes.Format(b)}");
        var batch = Shapes.Broadcast([left[..^2], right[..^2]]);
        var shape = new List<long>(batch);
        if (a.Length > 1) shape.Add(left[^2]);
        if (b.Length > 1) shape.Add(right[^1]);
        return [.. shape];
    }

    private static TensorFacts[] Flatten(NodeProto node, IReadOnlyList<TensorFacts?> inputs)
    {
        var x = Input(inputs, 0);
        if (x?.Shape is null) return Unknown(node);
        var axis = node.Int("axis", 1);
        var split = (int)(axis < 0 ? axis + x.Shape.Length : axis);
        if (split < 0 || split > x.Shape.Length) throw new InvalidDataException($"axis {axis} is outside rank {x.Shape.Length}");
        return Outputs(node, x with { Shape = [Shapes.Product(x.Shape.AsSpan(0, split)), Shapes.Product(x.Shape.AsSpan(split))] });
    }

    private static TensorFacts[] Reshape(NodeProto node, IReadOnlyList<TensorFacts?> inputs)
    {
        var x = Input(inputs, 0);
        // Opset 1-4 took the shape as an attribute.
        var target = node.Ints("shape") ?? Input(inputs, 1)?.Ints;
        if (x?.Shape is null || target is null) return Unknown(node);
        var allowZero = node.Int("allowzero", 0) != 0;
        var shape = new long[target.Length];
        var inferred = -1;
        for (var i = 0; i < target.Length; i++)
        {
            if (target[i] == 0 && !allowZero)
            {
                if (i >= x.Shape.Length) throw new InvalidDataException($"shape {Shapes.Format(target)} copies dimension {i} of {Shapes.Format(x.Shape)}, which has none");
                shape[i] = x.Shape[i];
            }
            else if (target[i] == -1)
            {
                if (inferred >= 0) throw new InvalidDataException($"shape {Shapes.Format(target)} has more than one -1");
                inferred = i;
            }
            else if (target[i] < 0)
            {
                throw new InvalidDataException($"shape {Shapes.Format(target)} has a negative dimension");
            }
            else
            {
                shape[i] = target[i];
            }
        }
        var total = Shapes.Product(x.Shape);
        if (inferred >= 0)
        {
            shape[inferred] = 1;
            var known = Shapes.Product(shape);
            if (known == 0 || total % known != 0) throw new InvalidDataException($"cannot reshape {Shapes.Format(x.Shape)} to {Shapes.Format(target)}");
            shape[inferred] = total / known;
        }
        if (Shapes.Product(shape) != total) throw new InvalidDataException($"cannot reshape {Shapes.Format(x.Shape)} ({total} elements) to {Shapes.Format(target)}");
        return Outputs(node, x with { Shape = shape });
    }

    private static TensorFacts[] Transpose(NodeProto node, IReadOnlyList<TensorFacts?> inputs)
    {
        var x = ShapeAt(inputs, 0);
        if (x is null) return Unknown(node);
        var perm = node.Ints("perm") ?? [.. Enumerable.Range(0, x.Length).Reverse().Select(i => (long)i)];
        if (perm.Length != x.Length || perm.Order().Where((p, i) => p != i).Any())
            throw new InvalidDataException($"perm [{string.Join(", ", perm)}] is not a permutation of rank {x.Length}");
        // Contents of a transposed vector or scalar keep their order; larger tensors are not folded.
        var facts = Input(inputs, 0)!;
        return Outputs(node, (x.Length <= 1 ? facts : new TensorFacts(null, facts.ElementType)) with { Shape = [.. perm.Select(p => x[p])] });
    }

    private static TensorFacts[] Concat(NodeProto node, IReadOnlyList<TensorFacts?> inputs)
    {
        var parts = inputs.Where(i => i is not null).Cast<TensorFacts>().ToArray();
        if (parts.Length == 0 || parts.Any(p => p.Shape is null)) return Unknown(node);
        var first = parts[0].Shape!;
        var axis = Shapes.Axis(node.Int("axis", 0), first.Length);
        var shape = (long[])first.Clone();
        shape[axis] = 0;
        foreach (var part in parts)
        {
            var s = part.Shape!;
            if (s.Length != first.Length || Enumerable.Range(0, s.Length).Any(i => i != axis && s[i] != first[i]))
                throw new InvalidDataException($"cannot concatenate {string.Join(" and ", parts.Select(p => Shapes.Format(p.Shape)))} on axis {axis}");
            shape[axis] += s[axis];
        }
        var type = parts[0].ElementType;
        // Contents fold along the leading axis, which is the only case shape arithmetic needs.
        if (axis == 0 && parts.All(p => p.HasValues))
        {
            if (parts.All(p => p.Ints is not null)) return Outputs(node, TensorFacts.WithInts(shape, type, [.. parts.SelectMany(p => p.Ints!)]));
            return Outputs(node, TensorFacts.WithValues(shape, type, [.. parts.SelectMany(p => p.AsDoubles!)]));
        }
        return Outputs(node, new TensorFacts(shape, type));
    }

    private static TensorFacts[] Squeeze(NodeProto node, IReadOnlyList<TensorFacts?> inputs)
    {
        var x = Input(inputs, 0);
        if (x?.Shape is null || !TryList(node, inputs, 1, "axes", out var axes)) return Unknown(node);
        var rank = x.Shape.Length;
        HashSet<int> drop = axes is null ? [.. Enumerable.Range(0, rank).Where(i => x.Shape[i] == 1)] : axes.Select(a => Shapes.Axis(a, rank)).ToHashSet();
        foreach (var axis in drop)
            if (x.Shape[axis] != 1) throw new InvalidDataException($"cannot squeeze axis {axis} of {Shapes.Format(x.Shape)}");
        return Outputs(node, x with { Shape = [.. x.Shape.Where((_, i) => !drop.Contains(i))] });
    }

    private static TensorFacts[] Unsqueeze(NodeProto node, IReadOnlyList<TensorFacts?> inputs)
    {
        var x = Input(inputs, 0);
        if (x?.Shape is null || !TryList(node, inputs, 1, "axes", out var axes) || axes is null) return Unknown(node);
        var rank = x.Shape.Length + axes.Length;
        var inserted = axes.Select(a => Shapes.Axis(a, rank)).ToHashSet();
        if (inserted.Count != axes.Length) throw new InvalidDataException($"axes [{string.Join(", ", axes)}] repeat an axis");
        var shape = new long[rank];
        for (int i = 0, j = 0; i < rank; i++) shape[i] = inserted.Contains(i) ? 1 : x.Shape[j++];
        return Outputs(node, x with { Shape = shape });
    }

    private static TensorFacts[] Reduce(NodeProto node, IReadOnlyList<TensorFacts?> inputs)
    {
        var x = Input(inputs, 0);
        if (x?.Shape is null || !TryList(node, inputs, 1, "axes", out var axes)) return Unknown(node);
        if ((axes is null || axes.Length == 0) && node.Int("noop_with_empty_axes", 0) != 0) return Outputs(node, new TensorFacts(x.Shape, x.ElementType));
        var rank = x.Shape.Length;
        HashSet<int> reduced = axes is null || axes.Length == 0 ? [.. Enumerable.Range(0, rank)] : axes.Select(a => Shapes.Axis(a, rank)).ToHashSet();
        return Outputs(node, new TensorFacts(ReducedShape(x.Shape, reduced, node.Int("keepdims", 1) != 0), x.ElementType));
    }

    private static TensorFacts[] ArgReduce(NodeProto node, IReadOnlyList<TensorFacts?> inputs)
    {
        var x = ShapeAt(inputs, 0);
        if (x is null) return Unknown(node);
        var axis = Shapes.Axis(node.Int("axis", 0), x.Length);
        return Outputs(node, new TensorFacts(ReducedShape(x, [axis], node.Int("keepdims", 1) != 0), TensorDataType.Int64));
    }

    private static long[] ReducedShape(long[] shape, HashSet<int> axes, bool keepDims) =>
        keepDims ? [.. shape.Select((d, i) => axes.Contains(i) ? 1 : d)] : [.. shape.Where((_, i) => !axes.Contains(i))];

    private static TensorFacts[] Pad(NodeProto node, IReadOnlyList<TensorFacts?> inputs)
    {
        var x = Input(inputs, 0);
        if (x?.Shape is null || !TryList(node, inputs, 1, "pads", out var pads) || pads is null) return Unknown(node);
        var rank = x.Shape.Length;
        // Opset 18 may pad only some axes, listed in input 3.
        var axisInput = Input(inputs, 3);
        if (axisInput is not null && axisInput.Ints is null) return Unknown(node);
        var axes = axisInput?.Ints?.Select(a => Shapes.Axis(a, rank)).ToArray() ?? [.. Enumerable.Range(0, rank)];
        if (pads.Length != 2 * axes.Length) throw new InvalidDataException($"pads [{string.Join(", ", pads)}] need two entries per padded axis ({axes.Length})");
        var shape = (long[])x.Shape.Clone();
        for (var i = 0; i < axes.Length; i++) shape[axes[i]] += pads[i] + pads[i + axes.Length];
        if (shape.Any(d => d < 0)) throw new InvalidDataException($"pads [{string.Join(", ", pads)}] crop {Shapes.Format(x.Shape)} below zero");
        return Outputs(node, new TensorFacts(shape, x.ElementType));
    }

    private static TensorFacts[] Constant(NodeProto node)
    {
        var attribute = node.Attributes.Count == 1 ? node.Attributes[0] : null;
        var facts = attribute?.Name switch
        {
            "value" when attribute.T is not null => TensorFacts.Of(attribute.T),
            "value_float" => TensorFacts.WithValues([], TensorDataType.Float, [attribute.F]),
            "value_floats" => TensorFacts.WithValues([attribute.Floats.Count], TensorDataType.Float, [.. attribute.Floats.Select(f => (double)f)]),
            "value_int" => TensorFacts.WithInts([], TensorDataType.Int64, [attribute.I]),
            "value_ints" => TensorFacts.WithInts([attribute.Ints.Count], TensorDataType.Int64, [.. attribute.Ints]),
            "value_string" => new TensorFacts([], TensorDataType.String),
            "value_strings" => new TensorFacts([attribute.Strings.Count], TensorDataType.String),
            _ => TensorFacts.Unknown,
        };
        return Outputs(node, facts);
    }

    private static TensorFacts[] ShapeOf(NodeProto node, IReadOnlyList<TensorFacts?> inputs)
    {
        var x = ShapeAt(inputs, 0);
        if (x is null) return Unknown(node);
        // Opset 15 added start and end, clamped like Slice.
        var start = Clamp(node.Int("start", 0), x.Length);
        var end = Clamp(node.Int("end", x.Length), x.Length);
        long[] dims = [.. x.Skip(start).Take(Math.Max(0, end - start))];
        return Outputs(node, TensorFacts.WithInts([dims.Length], TensorDataType.Int64, dims));

        static int Clamp(long index, int rank) => (int)Math.Clamp(index < 0 ? index + rank : index, 0, rank);
    }

    private static TensorFacts[] Size(NodeProto node, IReadOnlyList<TensorFacts?> inputs)
    {
        var x = ShapeAt(inputs, 0);
        return x is null ? Unknown(node) : Outputs(node, TensorFacts.WithInts([], TensorDataType.Int64, [Shapes.Product(x)]));
    }

    private static TensorFacts[] Gather(NodeProto node, IReadOnlyList<TensorFacts?> inputs)
    {
        var data = Input(inputs, 0);
        var indices = Input(inputs, 1);
        if (data?.Shape is null || indices?.Shape is null) return Unknown(node);
        var axis = Shapes.Axis(node.Int("axis", 0), data.Shape.Length);
        long[] shape = [.. data.Shape[..axis], .. indices.Shape, .. data.Shape[(axis + 1)..]];
        var values = data.AsDoubles;
        if (values is null || indices.Ints is null || Shapes.Product(shape) > TensorFacts.MaxFoldedElements) return Outputs(node, new TensorFacts(shape, data.ElementType));
        var outer = Shapes.Product(data.Shape.AsSpan(0, axis));
        var inner = Shapes.Product(data.Shape.AsSpan(axis + 1));
        var extent = data.Shape[axis];
        var gathered = new double[Shapes.Product(shape)];
        var k = 0;
        for (long o = 0; o < outer; o++)
        {
            foreach (var raw in indices.Ints)
            {
                var index = raw < 0 ? raw + extent : raw;
                if (index < 0 || index >= extent) throw new InvalidDataException($"index {raw} is outside dimension {extent}");
                for (long r = 0; r < inner; r++) gathered[k++] = values[(o * extent + index) * inner + r];
            }
        }
        return Outputs(node, data.Ints is not null
            ? TensorFacts.WithInts(shape, data.ElementType, [.. gathered.Select(v => (long)v)])
            : TensorFacts.WithValues(shape, data.ElementType, gathered));
    }

    private static TensorFacts[] Slice(NodeProto node, IReadOnlyList<TensorFacts?> inputs)
    {
        var x = Input(inputs, 0);
        if (x?.Shape is null) return Unknown(node);
        // Opset 1-9 took starts, ends and axes as attributes; later opsets as inputs 1-4.
        long[]? starts, ends, axes, steps = null;
        if (node.Attribute("starts") is not null)
        {
            (starts, ends, axes) = (node.Ints("starts"), node.Ints("ends"), node.Ints("axes"));
        }
        else
        {
            if (!TryList(node, inputs, 1, "", out starts) || !TryList(node, inputs, 2, "", out ends)
                || !TryList(node, inputs, 3, "", out axes) || !TryList(node, inputs, 4, "", out steps)) return Unknown(node);
        }
        if (starts is null || ends is null || starts.Length != ends.Length) throw new InvalidDataException("Slice needs as many starts as ends");
        var rank = x.Shape.Length;
        axes ??= [.. Enumerable.Range(0, starts.Length).Select(i => (long)i)];
        steps ??= Ones(starts.Length);
        if (axes.Length != starts.Length || steps.Length != starts.Length) throw new InvalidDataException("Slice needs one axis and step per start");
        var shape = (long[])x.Shape.Clone();
        var ranges = new (long Start, long Step)[rank];
        for (var i = 0; i < rank; i++) ranges[i] = (0, 1);
        for (var i = 0; i < starts.Length; i++)
        {
            var axis = Shapes.Axis(axes[i], rank);
            var (start, count) = SliceRange(starts[i], ends[i], steps[i], x.Shape[axis]);
            shape[axis] = count;
            ranges[axis] = (start, steps[i]);
        }
        var values = x.AsDoubles;
        if (rank != 1 || values is null) return Outputs(node, new TensorFacts(shape, x.ElementType));
        var sliced = Enumerable.Range(0, (int)shape[0]).Select(i => values[ranges[0].Start + i * ranges[0].Step]).ToArray();
        return Outputs(node, x.Ints is not null
            ? TensorFacts.WithInts(shape, x.ElementType, [.. sliced.Select(v => (long)v)])
            : TensorFacts.WithValues(shape, x.ElementType, sliced));
    }

    /// <summary>ONNX Slice bounds: negatives count from the end, then clamp to the axis (to [-1, dim-1] for negative steps).</summary>
    private static (long Start, long Count) SliceRange(long start, long end, long step, long dim)
    {
        if (step == 0) throw new InvalidDataException("Slice step 0");
        if (start < 0) start += dim;
        if (end < 0) end += dim;
        if (step > 0)
        {
            start = Math.Clamp(start, 0, dim);
            end = Math.Clamp(end, 0, dim);
            return (start, Math.Max(0, CeilDiv(end - start, step)));
        }
        start = Math.Clamp(start, 0, dim - 1);
        end = Math.Clamp(end, -1, dim - 1);
        return (start, Math.Max(0, CeilDiv(start - end, -step)));
    }

    private static TensorFacts[] Split(NodeProto node, IReadOnlyList<TensorFacts?> inputs)
    {
        var x = Input(inputs, 0);
        if (x?.Shape is null || !TryList(node, inputs, 1, "split", out var sizes)) return Unknown(node);
        var axis = Shapes.Axis(node.Int("axis", 0), x.Shape.Length);
        var dim = x.Shape[axis];
        var parts = node.Outputs.Count;
        if (sizes is null)
        {
            // Equal parts; since opset 18 the last may be smaller.
            var chunk = CeilDiv(dim, parts);
            sizes = [.. Enumerable.Range(0, parts).Select(i => i < parts - 1 ? chunk : dim - chunk * (parts - 1))];
        }
        if (sizes.Length != parts || sizes.Sum() != dim || sizes.Any(s => s < 0))
            throw new InvalidDataException($"cannot split dimension {dim} into [{string.Join(", ", sizes)}]");
        return [.. sizes.Select(size => new TensorFacts([.. x.Shape.Select((d, i) => i == axis ? size : d)], x.ElementType))];
    }

    private static TensorFacts[] Expand(NodeProto node, IReadOnlyList<TensorFacts?> inputs)
    {
        var x = Input(inputs, 0);
        var target = Input(inputs, 1)?.Ints;
        if (x?.Shape is null || target is null) return Unknown(node);
        return Outputs(node, new TensorFacts(Shapes.Broadcast([x.Shape, target]), x.ElementType));
    }

    private static TensorFacts[] Tile(NodeProto node, IReadOnlyList<TensorFacts?> inputs)
    {
        var x = Input(inputs, 0);
        var repeats = Input(inputs, 1)?.Ints;
        if (x?.Shape is null || repeats is null) return Unknown(node);
        if (repeats.Length != x.Shape.Length) throw new InvalidDataException($"repeats [{string.Join(", ", repeats)}] do not match rank {x.Shape.Length}");
        return Outputs(node, new TensorFacts([.. x.Shape.Select((d, i) => d * repeats[i])], x.ElementType));
    }

    private static TensorFacts[] ConstantOfShape(NodeProto node, IReadOnlyList<TensorFacts?> inputs)
    {
        var shape = Input(inputs, 0)?.Ints;
        if (shape is null) return Unknown(node);
        var fill = node.Attribute("value")?.T is { } t ? TensorFacts.Of(t) : TensorFacts.WithValues([1], TensorDataType.Float, [0]);
        var value = fill.AsDoubles is [var v] ? v : 0;
        var count = Shapes.Product(shape);
        return Outputs(node, count > TensorFacts.MaxFoldedElements
            ? new TensorFacts(shape, fill.ElementType)
            : TensorFacts.WithValues(shape, fill.ElementType, [.. Enumerable.Repeat(value, (int)count)]));
    }

    private static TensorFacts[] Range(NodeProto node, IReadOnlyList<TensorFacts?> inputs)
    {
        if (Input(inputs, 0)?.AsDoubles is not [var start] || Input(inputs, 1)?.AsDoubles is not [var limit] || Input(inputs, 2)?.AsDoubles is not [var delta])
            return Unknown(node);
        if (delta == 0) throw new InvalidDataException("Range delta 0");
        var count = (long)Math.Max(Math.Ceiling((limit - start) / delta), 0);
        var type = Input(inputs, 0)!.ElementType;
        return Outputs(node, count > TensorFacts.MaxFoldedElements
            ? new TensorFacts([count], type)
            : TensorFacts.WithValues([count], type, [.. Enumerable.Range(0, (int)count).Select(i => start + i * delta)]));
    }

    private static TensorFacts[] Resize(NodeProto node, IReadOnlyList<TensorFacts?> inputs)
    {
        var x = Input(inputs, 0);
        if (x?.Shape is null) return Unknown(node);
        var rank = x.Shape.Length;
        // Upsample and opset-10 Resize: scales is input 1 (or Upsample-7's attribute); opset 11+: roi, scales, sizes.
        var opset10 = node.OpType == "Upsample" || inputs.Count == 2;
        var sizes = opset10 ? null : Input(inputs, 3)?.Ints;
        var scales = node.Attribute("scales")?.Floats.Select(f => (double)f).ToArray() ?? Input(inputs, opset10 ? 1 : 2)?.Floats;
        var axes = node.Ints("axes")?.Select(a => Shapes.Axis(a, rank)).ToArray() ?? [.. Enumerable.Range(0, rank)];
        var shape = (long[])x.Shape.Clone();
        if (sizes is { Length: > 0 })
        {
            if (sizes.Length != axes.Length) throw new InvalidDataException($"sizes [{string.Join(", ", sizes)}] do not match {axes.Length} axes");
            for (var i = 0; i < axes.Length; i++) shape[axes[i]] = sizes[i];
        }
        else if (scales is { Length: > 0 })
        {
            if (scales.Length != axes.Length) throw new InvalidDataException($"scales [{string.Join(", ", scales)}] do not match {axes.Length} axes");
            for (var i = 0; i < axes.Length; i++) shape[axes[i]] = (long)Math.Floor(x.Shape[axes[i]] * scales[i]);
        }
        else
        {
            return Unknown(node);
        }
        return Outputs(node, new TensorFacts(shape, x.ElementType));
    }

    private static TensorFacts[] DepthToSpace(NodeProto node, IReadOnlyList<TensorFacts?> inputs)
    {
        var x = ShapeAt(inputs, 0);
        var b = node.Int("blocksize", 0);
        if (x is null || b < 1) return Unknown(node);
        if (x.Length != 4 || x[1] % (b * b) != 0) throw new InvalidDataException($"DepthToSpace with block {b} does not fit {Shapes.Format(x)}");
        return Outputs(node, new TensorFacts([x[0], x[1] / (b * b), x[2] * b, x[3] * b], Input(inputs, 0)!.ElementType));
    }

    private static TensorFacts[] SpaceToDepth(NodeProto node, IReadOnlyList<TensorFacts?> inputs)
    {
        var x = ShapeAt(inputs, 0);
        var b = node.Int("blocksize", 0);
        if (x is null || b < 1) return Unknown(node);
        if (x.Length != 4 || x[2] % b != 0 || x[3] % b != 0) throw new InvalidDataException($"SpaceToDepth with block {b} does not fit {Shapes.Format(x)}");
        return Outputs(node, new TensorFacts([x[0], x[1] * b * b, x[2] / b, x[3] / b], Input(inputs, 0)!.ElementType));
    }

    private static TensorFacts[] TopK(NodeProto node, IReadOnlyList<TensorFacts?> inputs)
    {
        var x = ShapeAt(inputs, 0);
        // Opset 1-9 took k as an attribute; later opsets as input 1.
        long? k = node.Attribute("k") is { } attribute ? attribute.I : Input(inputs, 1)?.Ints is [var value] ? value : null;
        if (x is null || k is null) return Unknown(node);
        var axis = Shapes.Axis(node.Int("axis", -1), x.Length);
        long[] shape = [.. x.Select((d, i) => i == axis ? k.Value : d)];
        return Outputs(node, new TensorFacts(shape, Input(inputs, 0)!.ElementType), new TensorFacts(shape, TensorDataType.Int64));
    }
}
