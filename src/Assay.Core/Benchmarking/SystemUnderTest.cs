namespace Assay.Benchmarking;

/// <summary>Element types a model input can have.</summary>
public enum ElementKind
{
    Float32,
    Float64,
    Float16,
    Int64,
    Int32,
    Int8,
    UInt8,
    Bool,
}

/// <summary>One model input: name, element type and shape; -1 marks a dimension the model leaves open.</summary>
public sealed record TensorSpec(string Name, ElementKind Kind, IReadOnlyList<long> Shape)
{
    public override string ToString() => $"{Name}: {Kind.ToString().ToLowerInvariant()}[{string.Join(", ", Shape.Select(d => d < 0 ? "?" : d.ToString()))}]";
}

/// <summary>Concrete input data for one query: a shape with every dimension known and the elements (a T[] of the spec's kind).</summary>
public sealed record InputTensor(TensorSpec Spec, long[] Shape, Array Data);

/// <summary>The system under test: a loaded model that runs queries. Not thread-safe.</summary>
public interface ISystemUnderTest : IDisposable
{
    SystemDescription Description { get; }

    /// <summary>Converts inputs to the backend's own form once, outside the timed region.</summary>
    IPreparedQuery Prepare(IReadOnlyList<InputTensor> inputs);
}

/// <summary>A query ready to run repeatedly; <see cref="Run"/> is what gets timed.</summary>
public interface IPreparedQuery : IDisposable
{
    void Run();
}

/// <param name="Format">e.g. "onnx", "torchsharp", "torchscript".</param>
/// <param name="Settings">Backend settings that change speed (threads, optimization level, provider).</param>
public sealed record SystemDescription(string Name, string Format, IReadOnlyList<TensorSpec> Inputs, IReadOnlyDictionary<string, string> Settings);

/// <summary>Makes the inputs of a query: the sample source role, apart from the system under test.</summary>
public interface ISampleSource
{
    string Name { get; }

    IReadOnlyList<InputTensor> Query(IReadOnlyList<TensorSpec> inputs, int batchSize);
}

/// <summary>A system that does nothing: timing it measures the harness's own overhead.</summary>
public sealed class NoOpSystem : ISystemUnderTest
{
    public SystemDescription Description { get; } = new("no-op", "none", [], new Dictionary<string, string>());

    public IPreparedQuery Prepare(IReadOnlyList<InputTensor> inputs) => NoOpQuery.Instance;

    public void Dispose() { }

    private sealed class NoOpQuery : IPreparedQuery
    {
        public static readonly NoOpQuery Instance = new();

        public void Run() { }

        public void Dispose() { }
    }
}
