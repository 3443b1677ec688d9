using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace Assay.Specs;

/// <summary>A mapping in a spec file, read field by field so every error names the file, line and field path.</summary>
public sealed class SpecNode
{
    private readonly YamlMappingNode _node;
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    internal SpecNode(string file, string path, YamlMappingNode node)
    {
        File = file;
        Path = path;
        _node = node;
    }

    public string File { get; }

    /// <summary>Dotted path of this mapping from the root, e.g. <c>models[0]</c>; empty at the root.</summary>
    public string Path { get; }

    public int Line => (int)_node.Start.Line;

    public IEnumerable<string> Keys => _node.Children.Keys.OfType<YamlScalarNode>().Select(k => k.Value ?? "");

    public bool Has(string key) => Find(key) is not null;

    /// <summary>Whether the field is present and holds a list, for fields that take either a word or a list.</summary>
    public bool IsList(string key) => Find(key) is YamlSequenceNode;

    public string FieldPath(string key) => Path.Length == 0 ? key : $"{Path}.{key}";

    public UsageException Error(string key, string message) => Error(Find(key)?.Start.Line ?? _node.Start.Line, FieldPath(key), message);

    public UsageException Error(long line, string field, string message) => new($"{File}:{line}: {field}: {message}");

    public string? String(string key)
    {
        var value = Scalar(key, "a string");
        return value?.Value;
    }

    public string RequiredString(string key) => String(key) ?? throw Error(key, "required field is missing (expected a string)");

    public int? Int(string key, int? minimum = null)
    {
        var scalar = Scalar(key, "an integer");
        if (scalar is null) return null;
        if (!int.TryParse(scalar.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
            throw Error(scalar.Start.Line, FieldPath(key), $"expected an integer, got '{scalar.Value}'");
        if (value < minimum) throw Error(scalar.Start.Line, FieldPath(key), $"expected an integer >= {minimum}, got {value}");
        return value;
    }

    public double? Double(string key, double? minimum = null, double? maximum = null)
    {
        var scalar = Scalar(key, "a number");
        if (scalar is null) return null;
        var value = ParseDouble(scalar, FieldPath(key));
        if (value < minimum || value > maximum)
            throw Error(scalar.Start.Line, FieldPath(key), $"expected a number in [{minimum?.ToString(CultureInfo.InvariantCulture) ?? "-inf"}, {maximum?.ToString(CultureInfo.InvariantCulture) ?? "inf"}], got {scalar.Value}");
        return value;
    }

    public bool? Bool(string key)
    {
        var scalar = Scalar(key, "true or false");
        if (scalar is null) return null;
        return scalar.Value switch
        {
            "true" or "True" or "yes" => true,
            "false" or "False" or "no" => false,
            _ => throw Error(scalar.Start.Line, FieldPath(key), $"expected true or false, got '{scalar.Value}'"),
        };
    }

    public IReadOnlyList<int>? IntList(string key, int minimum = int.MinValue) =>
        List(key, "integers", (scalar, field) =>
        {
            if (!int.TryParse(scalar.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
                throw Error(scalar.Start.Line, field, $"expected an integer, got '{scalar.Value}'");
            if (value < minimum) throw Error(scalar.Start.Line, field, $"expected an integer >= {minimum}, got {value}");
            return value;
        });

    public IReadOnlyList<double>? DoubleList(string key) => List(key, "numbers", ParseDouble);

    public IReadOnlyList<string>? StringList(string key) => List(key, "strings", (scalar, _) => scalar.Value ?? "");

    public SpecNode? Mapping(string key)
    {
        var node = Find(key);
        if (node is null) return null;
        _read.Add(key);
        return node as YamlMappingNode is { } mapping
            ? new SpecNode(File, FieldPath(key), mapping)
            : throw Error(node.Start.Line, FieldPath(key), $"expected a mapping of fields, got {Describe(node)}");
    }

    public IReadOnlyList<SpecNode>? MappingList(string key)
    {
        var node = Find(key);
        if (node is null) return null;
        _read.Add(key);
        if (node is not YamlSequenceNode sequence) throw Error(node.Start.Line, FieldPath(key), $"expected a list, got {Describe(node)}");
        return sequence.Children.Select((child, i) => child is YamlMappingNode mapping
            ? new SpecNode(File, $"{FieldPath(key)}[{i}]", mapping)
            : throw Error(child.Start.Line, $"{FieldPath(key)}[{i}]", $"expected a mapping of fields, got {Describe(child)}")).ToList();
    }

    /// <summary>Fails on the first field nobody read: a typo must not be silently ignored.</summary>
    public void RejectUnknown(IEnumerable<string>? allowed = null)
    {
        var known = allowed?.ToHashSet(StringComparer.Ordinal) ?? _read;
        foreach (var (key, _) in _node.Children)
        {
            var name = (key as YamlScalarNode)?.Value ?? "";
            if (!known.Contains(name)) throw Error(key.Start.Line, FieldPath(name), "unknown field");
        }
    }

    /// <summary>The scalar fields as text, for recording as run parameters.</summary>
    public IReadOnlyDictionary<string, string> ToFlatDictionary()
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in _node.Children)
        {
            var name = (key as YamlScalarNode)?.Value ?? "";
            result[name] = value switch
            {
                YamlScalarNode s => s.Value ?? "",
                YamlSequenceNode seq => "[" + string.Join(", ", seq.Children.Select(c => (c as YamlScalarNode)?.Value ?? "?")) + "]",
                _ => "{...}",
            };
        }
        return result;
    }

    private YamlNode? Find(string key) => _node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    private YamlScalarNode? Scalar(string key, string expected)
    {
        var node = Find(key);
        if (node is null) return null;
        _read.Add(key);
        if (node is not YamlScalarNode scalar) throw Error(node.Start.Line, FieldPath(key), $"expected {expected}, got {Describe(node)}");
        return scalar.Value is null or "" or "~" or "null" ? null : scalar;
    }

    private List<T>? List<T>(string key, string expected, Func<YamlScalarNode, string, T> parse)
    {
        var node = Find(key);
        if (node is null) return null;
        _read.Add(key);
        if (node is YamlScalarNode single) return [parse(single, FieldPath(key))];
        if (node is not YamlSequenceNode sequence) throw Error(node.Start.Line, FieldPath(key), $"expected a list of {expected}, got {Describe(node)}");
        return sequence.Children.Select((child, i) => child is YamlScalarNode scalar
            ? parse(scalar, $"{FieldPath(key)}[{i}]")
            : throw Error(child.Start.Line, $"{FieldPath(key)}[{i}]", $"expected one of {expected}, got {Describe(child)}")).ToList();
    }

    private double ParseDouble(YamlScalarNode scalar, string field) =>
        double.TryParse(scalar.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? value
            : throw Error(scalar.Start.Line, field, $"expected a finite number, got '{scalar.Value}'");

    private static string Describe(YamlNode node) => node switch
    {
        YamlMappingNode => "a mapping",
        YamlSequenceNode => "a list",
        YamlScalarNode s => $"'{s.Value}'",
        _ => node.NodeType.ToString(),
    };
}
