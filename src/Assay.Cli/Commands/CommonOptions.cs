using System.CommandLine;
using System.Globalization;
using Assay.Data;

namespace Assay.Cli.Commands;

/// <summary>Options shared by several commands, so they read the same everywhere.</summary>
internal static class CommonOptions
{
    public static Option<bool> Json() => new("--json") { Description = "Print one JSON document (stable snake_case field names, see docs/json.md) instead of tables." };

    public static Option<string> Store() => new("--store")
    {
        Description = "The experiment store: a SQLite file path, or a PostgreSQL URL (postgres://user:pass@host:port/db).",
        DefaultValueFactory = _ => Sqlite.SqliteRunStore.DefaultPath,
    };

    /// <summary>Parses "0.5" or "0.485,0.456,0.406" into per-channel values.</summary>
    public static IReadOnlyList<float>? ParseChannels(string? text, string option)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var values = new List<float>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!float.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !float.IsFinite(value))
                throw new UsageException($"{option}: expected comma-separated numbers (one per channel), got '{text}'");
            values.Add(value);
        }
        return values;
    }

    /// <summary>Parses "1,8,32" into positive integers.</summary>
    public static IReadOnlyList<int> ParseCounts(string text, string option, int minimum = 1)
    {
        var values = new List<int>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!int.TryParse(part, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < minimum)
                throw new UsageException($"{option}: expected comma-separated integers >= {minimum}, got '{text}'");
            values.Add(value);
        }
        if (values.Count == 0) throw new UsageException($"{option}: expected at least one value");
        return values;
    }

    /// <summary>Parses "10s", "500ms", "2m" or a plain number of seconds.</summary>
    public static TimeSpan ParseDuration(string text, string option)
    {
        var trimmed = text.Trim().ToLowerInvariant();
        var (number, scale) = trimmed.EndsWith("ms", StringComparison.Ordinal) ? (trimmed[..^2], 0.001)
            : trimmed.EndsWith('s') ? (trimmed[..^1], 1.0)
            : trimmed.EndsWith('m') ? (trimmed[..^1], 60.0)
            : (trimmed, 1.0);
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value < 0 || !double.IsFinite(value))
            throw new UsageException($"{option}: expected a duration such as 10s, 500ms or 2m, got '{text}'");
        return TimeSpan.FromSeconds(value * scale);
    }

    /// <summary>Parses repeated "NAME=1x3x224x224" into input shapes.</summary>
    public static Dictionary<string, long[]> ParseShapes(IEnumerable<string> items)
    {
        var shapes = new Dictionary<string, long[]>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            var equals = item.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0) throw new UsageException($"--shape: expected NAME=DIMS such as input=1x3x224x224, got '{item}'");
            var dims = new List<long>();
            foreach (var part in item[(equals + 1)..].Split('x'))
            {
                if (!long.TryParse(part, NumberStyles.Integer, CultureInfo.InvariantCulture, out var dim) || dim < 1)
                    throw new UsageException($"--shape: expected positive dimensions separated by x in '{item}'");
                dims.Add(dim);
            }
            shapes[item[..equals]] = [.. dims];
        }
        return shapes;
    }

    public static ChannelNormalization? Normalization(string? mean, string? std)
    {
        var meanValues = ParseChannels(mean, "--mean");
        var stdValues = ParseChannels(std, "--std");
        if (meanValues is null && stdValues is null) return null;
        if (meanValues is null || stdValues is null) throw new UsageException("--mean and --std go together: give both or neither");
        return new ChannelNormalization(meanValues, stdValues);
    }
}
