namespace Assay.Benchmarking.Cost;

/// <summary>One counting pass over a graph: classify constants, resolve input shapes, infer and cost every node.</summary>
internal sealed class CostAnalysis
{
    private readonly GraphProto _graph;
    private readonly string _source;
    private readonly int _batchSize;
    private readonly IReadOnlyDictionary<string, long[]> _shapes;
    private readonly Dictionary<string, TensorProto> _initializers = [];
    private readonly Dictionary<string, ValueInfoProto> _graphInputs = [];
    private readonly Dictionary<string, string> _aliases = [];
    private readonly Dictionary<string, List<(int Node, int Slot)>> _consumers = [];
    private readonly Dictionary<string, TensorFacts> _facts = [];
    private readonly List<string> _unresolved = [];

    public CostAnalysis(GraphProto graph, string source, int batchSize, IReadOnlyDictionary<string, long[]>? shapes)
    {
        if (batchSize < 1) throw new UsageException($"batch size: expected a count >= 1, got {batchSize}");
        _graph = graph;
        _source = source;
        _batchSize = batchSize;
        _shapes = shapes ?? new Dictionary<string, long[]>();
        foreach (var tensor in graph.Initializers) _initializers[tensor.Name] = tensor;
        // Before IR 4, initializers were also listed as inputs; they are constants, not inputs.
        foreach (var input in graph.Inputs)
            if (!_initializers.ContainsKey(input.Name)) _graphInputs[input.Name] = input;
    }

    public ModelCost Run(long fileBytes)
    {
        FindAliasesAndConsumers();
        var standIns = _graphInputs.Values.Where(IsWeightStandIn).ToDictionary(i => i.Name);
        ResolveInputs(_graphInputs.Values.Where(i => !standIns.ContainsKey(i.Name)).ToList());
        foreach (var (name, tensor) in _initializers) _facts[name] = TensorFacts.Of(tensor);
        foreach (var (name, input) in standIns) _facts[name] = new TensorFacts(StaticDims(input), input.Type!.TensorType!.ElementType);

        var constants = _initializers.Values.Select(t => (t.Name, DataType: t.DataType, Elements: t.ElementCount))
            .Concat(standIns.Values.Select(i => (i.Name, DataType: i.Type!.TensorType!.ElementType, Elements: Shapes.Product(StaticDims(i)!))))
            .ToList();
        var paramsByNode = AttributeParameters(constants);
        var weightBytes = constants.Sum(c => TensorDataTypes.Bytes(c.DataType, c.Elements));

        var layers = new List<LayerCost>(_graph.Nodes.Count);
        var uncounted = new List<(string OpType, UncountedReason Reason)>();
        for (var i = 0; i < _graph.Nodes.Count; i++)
        {
            var node = _graph.Nodes[i];
            var (row, reason) = CountNode(node, i, paramsByNode.GetValueOrDefault(i));
            layers.Add(row);
            if (reason is { } r) uncounted.Add((row.OpType, r));
        }
        var uncountedOps = uncounted.GroupBy(u => u)
            .Select(g => new UncountedOp(g.Key.OpType, g.Count(), g.Key.Reason))
            .OrderBy(u => u.Reason).ThenByDescending(u => u.Count).ThenBy(u => u.OpType, StringComparer.Ordinal)
            .ToList();
        return new ModelCost(
            _batchSize,
            paramsByNode.Values.Sum(),
            weightBytes,
            fileBytes,
            layers.Sum(l => l.Macs ?? 0),
            layers.Sum(l => l.OtherOps ?? 0),
            layers,
            uncountedOps,
            _unresolved);
    }

    private (LayerCost Row, UncountedReason? Reason) CountNode(NodeProto node, int index, long parameters)
    {
        var inputs = node.Inputs.Select(name => name.Length == 0 ? null : _facts.GetValueOrDefault(name, TensorFacts.Unknown)).ToArray();
        var opType = node.QualifiedOpType();
        var name = node.Name.Length > 0 ? node.Name : node.Outputs.FirstOrDefault(o => o.Length > 0) ?? $"{opType}#{index}";
        TensorFacts[]? outputs;
        OpCost? cost = null;
        try
        {
            outputs = ShapeRules.Infer(node, inputs);
            if (outputs is not null) cost = OpCatalog.Cost(node, inputs, outputs);
        }
        catch (Exception e) when (e is InvalidDataException or OverflowException)
        {
            var shapes = string.Join(", ", inputs.Select(i => i is null ? "-" : Shapes.Format(i.Shape)));
            throw new ModelException($"{_source}: node '{name}' ({opType}) with input shapes {shapes}: {e.Message}", e);
        }
        for (var j = 0; j < node.Outputs.Count; j++)
            if (node.Outputs[j].Length > 0) _facts[node.Outputs[j]] = outputs is not null && j < outputs.Length ? outputs[j] : TensorFacts.Unknown;
        UncountedReason? reason = outputs is null ? UncountedReason.UnsupportedOp : cost is null ? UncountedReason.UnknownShape : null;
        var shape = outputs is { Length: > 0 } ? outputs[0].Shape : null;
        return (new LayerCost(name, opType, shape, parameters, cost?.Macs, cost?.OtherOps), reason);
    }

    /// <summary>Maps Identity outputs to the constant or input they copy (exporters route shared weights through Identity), and lists every reader of each.</summary>
    private void FindAliasesAndConsumers()
    {
        for (var i = 0; i < _graph.Nodes.Count; i++)
        {
            var node = _graph.Nodes[i];
            if (IsAlias(node))
            {
                _aliases[node.Outputs[0]] = Root(node.Inputs[0]);
                continue;
            }
            for (var slot = 0; slot < node.Inputs.Count; slot++)
            {
                var root = Root(node.Inputs[slot]);
                if (!_initializers.ContainsKey(root) && !_graphInputs.ContainsKey(root)) continue;
                if (!_consumers.TryGetValue(root, out var readers)) _consumers[root] = readers = [];
                readers.Add((i, slot));
            }
        }
    }

    private bool IsAlias(NodeProto node) =>
        node.OpType == "Identity" && node.Domain is "" or "ai.onnx" && node.Inputs.Count == 1 && node.Outputs.Count == 1
        && Root(node.Inputs[0]) is var root && (_initializers.ContainsKey(root) || _graphInputs.ContainsKey(root));

    private string Root(string name) => _aliases.GetValueOrDefault(name, name);

    /// <summary>A graph input with a fixed shape that only weight and statistics slots read: a weight exported without its values.</summary>
    private bool IsWeightStandIn(ValueInfoProto input) =>
        StaticDims(input) is not null
        && _consumers.TryGetValue(input.Name, out var readers)
        && readers.All(r => ParameterSlots.Role(_graph.Nodes[r.Node], r.Slot) is SlotRole.Weight or SlotRole.Statistics);

    private static long[]? StaticDims(ValueInfoProto input)
    {
        var dims = input.Type?.TensorType?.Shape?.Dims;
        if (dims is null || dims.Value.Any(d => d.Value is null)) return null;
        return [.. dims.Value.Select(d => d.Value!.Value)];
    }

    /// <summary>Params per node: each parameter tensor counts once, at the first node that reads it in a parameter slot.</summary>
    private Dictionary<int, long> AttributeParameters(List<(string Name, TensorDataType DataType, long Elements)> constants)
    {
        var byNode = new Dictionary<int, long>();
        foreach (var (name, type, elements) in constants)
        {
            if (!_consumers.TryGetValue(name, out var readers)) continue;
            foreach (var (node, slot) in readers.OrderBy(r => r.Node))
            {
                if (!ParameterSlots.IsParameter(ParameterSlots.Role(_graph.Nodes[node], slot), type)) continue;
                byNode[node] = byNode.GetValueOrDefault(node) + elements;
                break;
            }
        }
        return byNode;
    }

    private void ResolveInputs(List<ValueInfoProto> dataInputs)
    {
        var dimNames = dataInputs.SelectMany(i => i.Type?.TensorType?.Shape?.Dims.Select(d => d.Param) ?? []).OfType<string>().ToHashSet();
        foreach (var key in _shapes.Keys)
        {
            if (!_graphInputs.ContainsKey(key) && !dimNames.Contains(key))
                throw new UsageException($"shape '{key}': the model has no input or symbolic dimension of that name (inputs: {string.Join(", ", dataInputs.Select(i => i.Name))})");
            if (_shapes[key].Any(d => d < 1)) throw new UsageException($"shape '{key}': dimensions must be >= 1, got {string.Join("x", _shapes[key])}");
        }
        for (var i = 0; i < dataInputs.Count; i++)
        {
            var input = dataInputs[i];
            var type = input.Type?.TensorType;
            var shape = Resolve(input, out var leadingFixed);
            if (i == 0 && leadingFixed && shape is { Length: > 0 } && shape[0] != _batchSize)
                throw new UsageException($"input '{input.Name}' has a fixed batch of {shape[0]} ({Shapes.Format(shape)}); count it with batch size {shape[0]}, not {_batchSize}");
            _facts[input.Name] = new TensorFacts(shape, type?.ElementType ?? TensorDataType.Undefined);
        }
    }

    /// <summary>An input's dimensions from the shapes given, the file and the batch size; null when one stays unknown.</summary>
    private long[]? Resolve(ValueInfoProto input, out bool leadingFixed)
    {
        var declared = input.Type?.TensorType?.Shape?.Dims;
        if (_shapes.TryGetValue(input.Name, out var given))
        {
            leadingFixed = true;
            if (declared is { } d)
            {
                if (d.Count != given.Length)
                    throw new UsageException($"shape '{input.Name}': {string.Join("x", given)} has rank {given.Length}, the model declares rank {d.Count} ({string.Join("x", d)})");
                for (var axis = 0; axis < d.Count; axis++)
                    if (d[axis].Value is { } fixedDim && fixedDim != given[axis])
                        throw new UsageException($"shape '{input.Name}': dimension {axis} is fixed at {fixedDim} in the model, got {given[axis]}");
            }
            return given;
        }
        leadingFixed = declared is { Count: > 0 } dims && dims[0].Value is not null;
        if (declared is null)
        {
            _unresolved.Add($"{input.Name}: rank unknown");
            return null;
        }
        var shape = new long[declared.Value.Count];
        var known = true;
        for (var axis = 0; axis < shape.Length; axis++)
        {
            var dim = declared.Value[axis];
            if (dim.Value is { } value) shape[axis] = value;
            else if (dim.Param is { } param && _shapes.TryGetValue(param, out var values) && values.Length == 1) shape[axis] = values[0];
            else if (axis == 0) shape[axis] = _batchSize;
            else
            {
                known = false;
                _unresolved.Add($"{input.Name}[{axis}]: {dim.Param ?? "?"}");
            }
        }
        return known ? shape : null;
    }
}
