using System.Globalization;
using System.Text.RegularExpressions;

namespace Assay.Tracking;

/// <summary>Which runs to list and in what order; null filters match everything.</summary>
/// <param name="Model">An exact model name, or a glob where <c>*</c> matches any characters.</param>
/// <param name="StartedAfter">Inclusive lower bound on the start time.</param>
/// <param name="StartedBefore">Exclusive upper bound on the start time.</param>
/// <param name="Where">Metric thresholds; a run matches when it has every named metric and each comparison holds.</param>
/// <param name="Limit">How many runs at most; null for all.</param>
public sealed record RunQuery(
    string? Experiment = null,
    string? Model = null,
    RunStatus? Status = null,
    DateTimeOffset? StartedAfter = null,
    DateTimeOffset? StartedBefore = null,
    IReadOnlyList<MetricCondition>? Where = null,
    RunSort? Sort = null,
    int? Limit = null,
    int Offset = 0)
{
    /// <summary>Every run, newest first.</summary>
    public static RunQuery All { get; } = new();

    /// <summary>The sort in effect: the given one, or newest first.</summary>
    public RunSort EffectiveSort => Sort ?? RunSort.NewestFirst;
}

/// <summary>How runs are ordered: by one metric (runs lacking it last) or by start time.</summary>
/// <param name="Metric">The metric to sort by; null sorts by start time.</param>
public sealed record RunSort(string? Metric, bool Descending)
{
    public const string StartedKey = "started";

    public static RunSort NewestFirst { get; } = new(null, Descending: true);

    /// <summary>Reads <c>started</c>, <c>-started</c>, <c>accuracy</c> or <c>-accuracy</c> (a leading minus sorts descending).</summary>
    /// <exception cref="UsageException">The key is empty.</exception>
    public static RunSort Parse(string text)
    {
        var trimmed = text.Trim();
        var descending = trimmed.StartsWith('-');
        var key = descending || trimmed.StartsWith('+') ? trimmed[1..] : trimmed;
        if (key.Length == 0) throw new UsageException($"--sort: expected a metric name or '{StartedKey}', optionally after '-' for descending, got '{text}'");
        return new RunSort(key == StartedKey ? null : key, descending);
    }
}

public enum MetricComparison
{
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
    Equal,
}

/// <summary>A metric threshold such as <c>accuracy&gt;=0.9</c>.</summary>
public sealed partial record MetricCondition(string Metric, MetricComparison Comparison, double Value)
{
    public const string ExpectedForm = "NAME(<|<=|>|>=|=)NUMBER";

    /// <summary>The comparison as SQL and as written on the command line.</summary>
    public string Operator => Comparison switch
    {
        MetricComparison.Less => "<",
        MetricComparison.LessOrEqual => "<=",
        MetricComparison.Greater => ">",
        MetricComparison.GreaterOrEqual => ">=",
        _ => "=",
    };

    /// <summary>Reads one clause such as <c>latency_ms_p99&lt;5</c>.</summary>
    /// <exception cref="UsageException">The clause is not of the form NAME(&lt;|&lt;=|&gt;|&gt;=|=)NUMBER.</exception>
    public static MetricCondition Parse(string text)
    {
        var match = Clause().Match(text);
        if (!match.Success || !double.TryParse(match.Groups[3].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
            throw new UsageException($"--where: cannot read '{text}'; expected {ExpectedForm}, such as accuracy>=0.9");
        var comparison = match.Groups[2].Value switch
        {
            "<" => MetricComparison.Less,
            "<=" => MetricComparison.LessOrEqual,
            ">" => MetricComparison.Greater,
            ">=" => MetricComparison.GreaterOrEqual,
            _ => MetricComparison.Equal,
        };
        return new MetricCondition(match.Groups[1].Value, comparison, value);
    }

    public override string ToString() => $"{Metric}{Operator}{Value.ToString("R", CultureInfo.InvariantCulture)}";

    [GeneratedRegex(@"^\s*([A-Za-z_][A-Za-z0-9_.\-]*)\s*(<=|>=|<|>|=)\s*(\S+)\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex Clause();
}
