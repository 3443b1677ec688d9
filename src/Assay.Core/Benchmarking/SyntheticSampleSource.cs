namespace Assay.Benchmarking;

/// <summary>Seeded synthetic inputs: floats uniform in [0, 1) (the range of scaled images), integers uniform in [0, <see cref="IntegerRange"/>) (token ids, indices), booleans fair.</summary>
/// <remarks>The batch dimension (the first, when open) takes the batch size; any other open dimension must be given in <see cref="Shapes"/>.</remarks>
public sealed class SyntheticSampleSource(int seed, IReadOnlyDictionary<string, long[]>? shapes = null, int integerRange = 100) : ISampleSource
{
    public string Name => $"synthetic(seed={seed})";

    public IReadOnlyDictionary<string, long[]> Shapes { get; } = shapes ?? new Dictionary<string, long[]>();

    public int IntegerRange { get; } = integerRange;

    public IReadOnlyList<InputTensor> Query(IReadOnlyList<TensorSpec> inputs, int batchSize)
    {
        var random = new Random(seed);
        return [.. inputs.Select(spec => Make(spec, ResolveShape(spec, batchSize, Shapes), random))];
    }

    /// <summary>Every dimension of <paramref name="spec"/> made concrete: a given shape wins, else an open first dimension is the batch.</summary>
    /// <exception cref="UsageException">A dimension other than the batch is open and no shape was given.</exception>
    public static long[] ResolveShape(TensorSpec spec, int batchSize, IReadOnlyDictionary<string, long[]> shapes)
    {
        if (shapes.TryGetValue(spec.Name, out var given))
        {
            if (given.Length != spec.Shape.Count)
                throw new UsageException($"--shape {spec.Name}: the model's input has rank {spec.Shape.Count} ({spec}), the given shape has rank {given.Length}");
            for (var i = 0; i < given.Length; i++)
            {
                if (spec.Shape[i] >= 0 && spec.Shape[i] != given[i])
                    throw new UsageException($"--shape {spec.Name}: dimension {i} is fixed at {spec.Shape[i]} by the model, the given shape says {given[i]}");
            }
            // The batch size applies to the leading dimension when the model leaves it open.
            var resolved = (long[])given.Clone();
            if (spec.Shape.Count > 0 && spec.Shape[0] < 0) resolved[0] = batchSize;
            return resolved;
        }
        var shape = new long[spec.Shape.Count];
        for (var i = 0; i < shape.Length; i++)
        {
            if (spec.Shape[i] >= 0) shape[i] = spec.Shape[i];
            else if (i == 0) shape[i] = batchSize;
            else throw new ModelException($"input {spec}: dimension {i} is dynamic; give it with --shape {spec.Name}={string.Join("x", spec.Shape.Select((d, j) => j == 0 ? batchSize : d < 0 ? 1 : d))} (the first dimension is the batch)");
        }
        return shape;
    }

    private InputTensor Make(TensorSpec spec, long[] shape, Random random)
    {
        var count = checked((int)shape.Aggregate(1L, (a, b) => a * b));
        Array data = spec.Kind switch
        {
            ElementKind.Float32 => Fill(count, () => random.NextSingle()),
            ElementKind.Float64 => Fill(count, random.NextDouble),
            ElementKind.Float16 => Fill(count, () => (Half)random.NextSingle()),
            ElementKind.Int64 => Fill(count, () => (long)random.Next(IntegerRange)),
            ElementKind.Int32 => Fill(count, () => random.Next(IntegerRange)),
            ElementKind.Int8 => Fill(count, () => (sbyte)random.Next(Math.Min(IntegerRange, 128))),
            ElementKind.UInt8 => Fill(count, () => (byte)random.Next(Math.Min(IntegerRange, 256))),
            ElementKind.Bool => Fill(count, () => random.Next(2) == 1),
            _ => throw new UsageException($"input {spec}: element type {spec.Kind} is not supported"),
        };
        return new InputTensor(spec, shape, data);
    }

    private static T[] Fill<T>(int count, Func<T> next)
    {
        var values = new T[count];
        for (var i = 0; i < count; i++) values[i] = next();
        return values;
    }
}

/// <summary>Real inputs: the first examples of a data set, for a model with one float32 input.</summary>
public sealed class DatasetSampleSource(Data.Dataset dataset) : ISampleSource
{
    public string Name => dataset.Name;

    public IReadOnlyList<InputTensor> Query(IReadOnlyList<TensorSpec> inputs, int batchSize)
    {
        if (inputs.Count != 1 || inputs[0].Kind != ElementKind.Float32)
            throw new UsageException($"--data: real data feeds models with one float32 input; this model takes {string.Join(", ", inputs)}");
        var spec = inputs[0];
        long[] shape = [batchSize, .. dataset.ExampleShape.Select(d => (long)d)];
        if (spec.Shape.Count != shape.Length || spec.Shape.Where((d, i) => i > 0 && d >= 0 && d != shape[i]).Any())
            throw new UsageException($"--data: examples of {dataset.Name} have shape [{string.Join(", ", dataset.ExampleShape)}], the model's input is {spec}");
        var data = new float[batchSize * dataset.ExampleSize];
        for (var i = 0; i < batchSize; i++) dataset.Example(i % dataset.Count).CopyTo(data.AsSpan(i * dataset.ExampleSize, dataset.ExampleSize));
        return [new InputTensor(spec, shape, data)];
    }
}
