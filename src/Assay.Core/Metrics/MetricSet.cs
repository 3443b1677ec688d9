namespace Assay.Metrics;

/// <summary>Named metric values for one input, plus the metrics that are undefined for it and why.</summary>
/// <remarks>Names are scikit-learn's function names without <c>_score</c>, with <c>_&lt;average&gt;</c> for averaged variants.</remarks>
public sealed class MetricSet
{
    private readonly Dictionary<string, double> _values = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _undefined = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];

    /// <summary>Values in the order they were added.</summary>
    public IReadOnlyList<KeyValuePair<string, double>> Values => [.. _order.Where(_values.ContainsKey).Select(n => new KeyValuePair<string, double>(n, _values[n]))];

    /// <summary>Metrics with no value for this input, with the reason.</summary>
    public IReadOnlyDictionary<string, string> Undefined => _undefined;

    public bool TryGetValue(string name, out double value) => _values.TryGetValue(name, out value);

    public double this[string name] => _values.TryGetValue(name, out var value)
        ? value
        : throw new KeyNotFoundException(_undefined.TryGetValue(name, out var reason) ? $"{name} is undefined: {reason}" : $"no metric {name}");

    /// <summary>Computes and adds one metric; an <see cref="UndefinedMetricException"/> records it as undefined instead.</summary>
    /// <exception cref="InvalidOperationException">The computation gave NaN or infinity without saying why: a bug, never reported as a number.</exception>
    public void Add(string name, Func<double> compute)
    {
        ArgumentNullException.ThrowIfNull(compute);
        _order.Add(name);
        try
        {
            var value = compute();
            if (!double.IsFinite(value)) throw new InvalidOperationException($"metric {name} computed {value}");
            _values[name] = value;
            _undefined.Remove(name);
        }
        catch (UndefinedMetricException e)
        {
            _undefined[name] = e.Message;
            _values.Remove(name);
        }
    }
}
