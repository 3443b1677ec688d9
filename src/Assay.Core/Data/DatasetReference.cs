namespace Assay.Data;

/// <summary>A parsed data set reference: <c>FORMAT:PATH[?key=value&amp;...]</c>, or a bare path (or <c>digits</c>) whose format is detected.</summary>
/// <remarks>
/// FORMAT is letters and digits only, so a path holding a colon elsewhere (or a Windows drive letter) stays a path.
/// Options follow the first <c>?</c>, separated by <c>&amp;</c>; values are taken literally (no URL decoding).
/// Which keys a format accepts is checked when it is loaded, see <see cref="DatasetLoader"/>.
/// </remarks>
public sealed record DatasetReference(string? Format, string Path, IReadOnlyDictionary<string, string> Options)
{
    /// <summary>Splits <paramref name="reference"/> into format, path and options.</summary>
    /// <exception cref="UsageException">The reference is empty, or an option is not <c>key=value</c> or is given twice.</exception>
    public static DatasetReference Parse(string reference)
    {
        if (string.IsNullOrWhiteSpace(reference)) throw new UsageException("--data: expected a data set reference (digits, FORMAT:PATH or a path)");
        var colon = reference.IndexOf(':', StringComparison.Ordinal);
        string? format = null;
        var rest = reference;
        if (colon > 1 && reference[..colon].All(char.IsAsciiLetterOrDigit) && char.IsAsciiLetter(reference[0]))
        {
            format = reference[..colon].ToLowerInvariant();
            rest = reference[(colon + 1)..];
        }
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        var question = rest.IndexOf('?', StringComparison.Ordinal);
        var path = question < 0 ? rest : rest[..question];
        if (question >= 0)
        {
            foreach (var pair in rest[(question + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                var equals = pair.IndexOf('=', StringComparison.Ordinal);
                if (equals <= 0) throw new UsageException($"--data: expected key=value after '?' in '{reference}', got '{pair}'");
                var key = pair[..equals];
                if (!options.TryAdd(key, pair[(equals + 1)..])) throw new UsageException($"--data: option '{key}' is given twice in '{reference}'");
            }
        }
        if (path.Length == 0) throw new UsageException($"--data: expected a path in '{reference}'");
        return new DatasetReference(format, path, options);
    }

    /// <summary>Refuses any option key not in <paramref name="known"/>, naming it.</summary>
    public void AllowOptions(string format, params string[] known)
    {
        foreach (var key in Options.Keys)
        {
            if (!known.Contains(key, StringComparer.Ordinal))
            {
                var accepted = known.Length == 0 ? "it takes none" : $"known: {string.Join(", ", known)}";
                throw new UsageException($"--data: unknown option '{key}' for {format} data ({accepted})");
            }
        }
    }

    /// <summary>The value of option <paramref name="key"/>, or null when absent.</summary>
    public string? Option(string key) => Options.TryGetValue(key, out var value) ? value : null;
}
