using System.Text;
using System.Text.Json;

namespace Assay.Metrics.Detection;

/// <summary>Reads COCO JSON with errors that name the file, the element (<c>annotations[3].bbox</c>) and what was expected.</summary>
internal static class CocoJson
{
    public static JsonDocument ReadFile(string path, string expected)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new DataException($"{path}: file not found");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DataException($"{path}: cannot read ({e.Message.TrimEnd('.')})", e);
        }
        return Parse(bytes, path, expected);
    }

    public static JsonDocument Parse(string json, string source, string expected) => Parse(Encoding.UTF8.GetBytes(json), source, expected);

    public static JsonDocument Parse(byte[] utf8, string source, string expected)
    {
        ReadOnlyMemory<byte> text = utf8;
        if (text.Span.StartsWith(Encoding.UTF8.Preamble)) text = text[Encoding.UTF8.Preamble.Length..];
        if (text.Span.Trim(" \t\r\n"u8).IsEmpty) throw new DataException($"{source}: the file is empty (expected {expected})");
        try
        {
            return JsonDocument.Parse(text);
        }
        catch (JsonException e)
        {
            var line = (e.LineNumber ?? 0) + 1;
            var column = (e.BytePositionInLine ?? 0) + 1;
            var reason = e.Message;
            var cut = reason.IndexOf(" LineNumber:", StringComparison.Ordinal);
            if (cut > 0) reason = reason[..cut];
            var hint = MentionsNonFiniteNumber(text.Span, e.LineNumber ?? 0, e.BytePositionInLine ?? 0)
                ? " (NaN and Infinity are not JSON numbers: every score and coordinate must be finite)"
                : "";
            throw new DataException($"{source}: not valid JSON at line {line}, byte {column}: {reason}{hint}", e);
        }
    }

    public static ObjectReader Object(JsonElement element, string source, string location, string expected)
    {
        if (element.ValueKind != JsonValueKind.Object)
            throw new DataException($"{source}: {(location.Length == 0 ? "" : location + ": ")}expected {expected}, got {Describe(element)}");
        return new ObjectReader(element, source, location, expected);
    }

    /// <summary>The elements of a root array, each with its location <c>[i]</c>.</summary>
    public static IEnumerable<(JsonElement Element, string Location)> RootArray(JsonElement root, string source, string expected)
    {
        if (root.ValueKind != JsonValueKind.Array)
        {
            var hint = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("annotations", out _) ? " (this looks like a ground-truth file)" : "";
            throw new DataException($"{source}: expected {expected}, got {Describe(root)}{hint}");
        }
        var index = 0;
        foreach (var element in root.EnumerateArray()) yield return (element, $"[{index++}]");
    }

    public static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => $"an array of {element.GetArrayLength()}",
        JsonValueKind.String => $"the string \"{Shorten(element.GetString() ?? "")}\"",
        JsonValueKind.Number => element.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => "null",
    };

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "...";

    /// <summary>Whether the text at the parser's error position is a Python-style NaN or Infinity (what json.dump writes for them).</summary>
    private static bool MentionsNonFiniteNumber(ReadOnlySpan<byte> text, long line, long byteInLine)
    {
        var start = 0;
        for (long l = 0; l < line && start < text.Length; l++)
        {
            var next = text[start..].IndexOf((byte)'\n');
            if (next < 0) return false;
            start += next + 1;
        }
        var at = (int)Math.Max(0, Math.Min(text.Length, start + byteInLine - 1));
        var window = text[at..Math.Min(text.Length, at + 10)];
        return window.IndexOf("NaN"u8) >= 0 || window.IndexOf("Infinity"u8) >= 0;
    }

    /// <summary>Typed, required fields of one JSON object.</summary>
    internal readonly struct ObjectReader(JsonElement element, string source, string location, string expected)
    {
        public IEnumerable<(JsonElement Element, string Location)> Array(string field)
        {
            var value = Required(field);
            if (value.ValueKind != JsonValueKind.Array) throw Error(field, $"expected an array, got {Describe(value)}");
            return Elements(value, PathOf(field));
        }

        public long Int64(string field)
        {
            var value = Required(field);
            if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var id)) return id;
            throw Error(field, $"expected an integer, got {Describe(value)}");
        }

        public int Int32(string field)
        {
            var value = Required(field);
            if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var id)) return id;
            throw Error(field, $"expected an integer, got {Describe(value)}");
        }

        public double FiniteNumber(string field)
        {
            var value = Required(field);
            if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number) && double.IsFinite(number)) return number;
            throw Error(field, $"expected a finite number, got {Describe(value)}");
        }

        public BoundingBox Box(string field)
        {
            var value = Required(field);
            if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() != 4)
                throw Error(field, $"expected 4 numbers [x, y, width, height], got {Describe(value)}");
            Span<double> xywh = stackalloc double[4];
            for (var i = 0; i < 4; i++)
            {
                var coordinate = value[i];
                if (coordinate.ValueKind != JsonValueKind.Number || !coordinate.TryGetDouble(out xywh[i]) || !double.IsFinite(xywh[i]))
                    throw Error($"{field}[{i}]", $"expected a finite number, got {Describe(coordinate)}");
            }
            var box = new BoundingBox(xywh[0], xywh[1], xywh[2], xywh[3]);
            if (box.Problem() is { } problem) throw Error(field, problem);
            return box;
        }

        /// <summary>COCO's <c>iscrowd</c>: 0 or 1 (true and false are accepted too).</summary>
        public bool CrowdFlag(string field)
        {
            var value = Required(field);
            if (value.ValueKind is JsonValueKind.True or JsonValueKind.False) return value.GetBoolean();
            if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var flag) && flag is 0 or 1) return flag == 1;
            throw Error(field, $"expected 0 or 1, got {Describe(value)}");
        }

        public string? OptionalString(string field) =>
            element.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

        public DataException Error(string field, string problem) => new($"{source}: {PathOf(field)}: {problem}");

        private JsonElement Required(string field)
        {
            if (element.TryGetProperty(field, out var value)) return value;
            var where = location.Length == 0 ? "" : location + ": ";
            throw new DataException($"{source}: {where}missing field \"{field}\" (expected {expected})");
        }

        private string PathOf(string field) => location.Length == 0 ? field : $"{location}.{field}";

        private static IEnumerable<(JsonElement Element, string Location)> Elements(JsonElement array, string path)
        {
            var index = 0;
            foreach (var item in array.EnumerateArray()) yield return (item, $"{path}[{index++}]");
        }
    }
}
