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
        Description = "The SQLite experiment store to record runs in.",
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

    public static ChannelNormalization? Normalization(string? mean, string? std)
    {
        var meanValues = ParseChannels(mean, "--mean");
        var stdValues = ParseChannels(std, "--std");
        if (meanValues is null && stdValues is null) return null;
        if (meanValues is null || stdValues is null) throw new UsageException("--mean and --std go together: give both or neither");
        return new ChannelNormalization(meanValues, stdValues);
    }
}
