using System.CommandLine;
using System.Globalization;
using Assay.Tracking;

namespace Assay.Cli.Commands;

/// <summary>The run filters shared by <c>runs list</c> and <c>runs export</c>, so both select runs the same way.</summary>
internal sealed class RunFilterOptions
{
    private readonly Option<string> _experiment = new("--experiment") { Description = "Only runs of this experiment." };
    private readonly Option<string> _model = new("--model") { Description = "Only runs of this model; '*' matches any characters (quote it: 'mlp-*')." };
    private readonly Option<string> _status = new Option<string>("--status") { Description = "Only runs with this status." }
        .AcceptOnlyFromAmong("running", "completed", "failed", "interrupted");
    private readonly Option<string> _since = new("--since") { Description = "Only runs started at or after this UTC date or time (2026-11-01, 2026-11-01T12:00:00Z)." };
    private readonly Option<string> _until = new("--until") { Description = "Only runs started before this UTC date or time." };
    private readonly Option<string[]> _where = new("--where")
    {
        Description = "A metric threshold NAME(<|<=|>|>=|=)NUMBER, e.g. \"accuracy>=0.9\" (repeatable; all must hold).",
        AllowMultipleArgumentsPerToken = false,
    };
    private readonly Option<string> _sort = new("--sort") { Description = "Order by a metric (runs lacking it last) or 'started'; a leading '-' sorts descending (--sort=-accuracy). Default: newest first." };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { _experiment, _model, _status, _since, _until, _where, _sort }) command.Options.Add(option);
    }

    /// <summary>The query these options describe; a sort metric must be one some run recorded, so a typo does not silently sort nothing.</summary>
    public RunQuery Read(ParseResult parse, IRunStore store, int? limit)
    {
        var sort = parse.GetValue(_sort) is { } sortText ? RunSort.Parse(sortText) : null;
        if (sort?.Metric is { } metric)
        {
            var names = store.MetricNames();
            if (!names.Contains(metric, StringComparer.Ordinal))
            {
                throw new UsageException(names.Count == 0
                    ? $"--sort: no run has a metric '{metric}' (no run has recorded metrics); sort by '{RunSort.StartedKey}'"
                    : $"--sort: no run has a metric '{metric}'; expected '{RunSort.StartedKey}' or one of {string.Join(", ", names)}");
            }
        }
        return new RunQuery(
            Experiment: parse.GetValue(_experiment),
            Model: parse.GetValue(_model),
            Status: parse.GetValue(_status) is { } status ? Enum.Parse<RunStatus>(status, ignoreCase: true) : null,
            StartedAfter: ParseTime(parse.GetValue(_since), "--since"),
            StartedBefore: ParseTime(parse.GetValue(_until), "--until"),
            Where: [.. (parse.GetValue(_where) ?? []).Select(MetricCondition.Parse)],
            Sort: sort,
            Limit: limit);
    }

    /// <summary>The sort metric named on the command line, if any.</summary>
    public string? SortMetric(ParseResult parse) => parse.GetValue(_sort) is { } text ? RunSort.Parse(text).Metric : null;

    private static DateTimeOffset? ParseTime(string? text, string option)
    {
        if (text is null) return null;
        // A bare date or a time without an offset is read as UTC, like every time the store records.
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var time)) return time;
        throw new UsageException($"{option}: expected a UTC date or time such as 2026-11-01 or 2026-11-01T12:00:00Z, got '{text}'");
    }
}
