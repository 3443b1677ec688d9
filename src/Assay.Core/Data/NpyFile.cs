using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Assay.Data;

/// <summary>A NumPy <c>.npy</c> array: element type, shape and the raw little-endian, C-order data.</summary>
/// <remarks>
/// Format (versions 1.0, 2.0, 3.0): the magic <c>\x93NUMPY</c>, major and minor version bytes, the header length
/// (uint16 little-endian in 1.0, uint32 in 2.0 and 3.0), then a Python dict literal such as
/// <c>{'descr': '&lt;f4', 'fortran_order': False, 'shape': (10, 3), }</c> (Latin-1; UTF-8 in 3.0), then the data.
/// Supported element types: <c>&lt;f4 &lt;f8 |u1 &lt;i4 &lt;i8 |b1</c>. Big-endian data and Fortran order are refused.
/// </remarks>
public sealed class NpyFile
{
    private static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    private static readonly Dictionary<string, int> ItemSizes = new(StringComparer.Ordinal)
    {
        ["<f4"] = 4, ["<f8"] = 8, ["|u1"] = 1, ["<i4"] = 4, ["<i8"] = 8, ["|b1"] = 1,
    };

    private NpyFile(string path, string dtype, int[] shape, byte[] data, int dataOffset)
    {
        Path = path;
        DType = dtype;
        Shape = shape;
        _data = data;
        _dataOffset = dataOffset;
        long count = 1;
        foreach (var dim in shape) count *= dim;
        Count = count;
    }

    private readonly byte[] _data;
    private readonly int _dataOffset;

    public string Path { get; }

    /// <summary>The NumPy type string, e.g. <c>&lt;f4</c> or <c>|u1</c>.</summary>
    public string DType { get; }

    public int[] Shape { get; }

    /// <summary>Number of elements (the product of the shape; 1 for a scalar).</summary>
    public long Count { get; }

    public bool IsFloatingPoint => DType[1] == 'f';

    /// <summary>Reads and checks a <c>.npy</c> file.</summary>
    /// <exception cref="DataException">The file is missing, truncated, or of an unsupported version, type or order.</exception>
    public static NpyFile Read(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new DataException($"{path}: file not found", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DataException($"{path}: cannot read ({e.Message.TrimEnd('.')})", e);
        }
        return Parse(bytes, path);
    }

    internal static NpyFile Parse(byte[] bytes, string path)
    {
        if (bytes.Length < 10 || !bytes.AsSpan(0, 6).SequenceEqual(Magic))
            throw new DataException($"{path}: not a .npy file (expected the magic bytes \\x93NUMPY)");
        int major = bytes[6];
        int headerStart;
        long headerLength;
        switch (major)
        {
            case 1:
                headerLength = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8, 2));
                headerStart = 10;
                break;
            case 2 or 3:
                if (bytes.Length < 12) throw new DataException($"{path}: truncated .npy header");
                headerLength = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8, 4));
                headerStart = 12;
                break;
            default:
                throw new DataException($"{path}: .npy format version {major}.{bytes[7]} is not supported (expected 1.0, 2.0 or 3.0)");
        }
        if (headerStart + headerLength > bytes.Length)
            throw new DataException($"{path}: truncated .npy header (expected {headerLength} header bytes, file has {bytes.Length - headerStart})");
        var encoding = major == 3 ? Encoding.UTF8 : Encoding.Latin1;
        var header = encoding.GetString(bytes, headerStart, (int)headerLength);

        var descr = HeaderValue(header, "descr", path);
        if (descr.Length < 2 || descr[0] is not ('\'' or '"'))
            throw new DataException($"{path}: .npy descr {descr} is not supported (expected a simple type such as '<f4'; structured arrays are not)");
        var dtype = descr[1..^1];
        if (dtype.Length == 3 && dtype[0] == '>' && dtype != ">u1" && dtype != ">b1")
            throw new DataException($"{path}: .npy data is big-endian ({dtype}); save it little-endian (e.g. numpy's astype('<{dtype[1..]}'))");
        if (!ItemSizes.TryGetValue(dtype, out var itemSize))
            throw new DataException($"{path}: .npy element type '{dtype}' is not supported (expected one of {string.Join(' ', ItemSizes.Keys)})");

        var fortran = HeaderValue(header, "fortran_order", path);
        if (fortran == "True")
            throw new DataException($"{path}: .npy data is in Fortran order; save it in C order (numpy's np.ascontiguousarray)");
        if (fortran != "False") throw new DataException($"{path}: .npy header fortran_order is {fortran} (expected True or False)");

        var shape = ParseShape(HeaderValue(header, "shape", path), path);
        long count = 1;
        foreach (var dim in shape) count *= dim;
        var dataOffset = headerStart + (int)headerLength;
        var expected = count * itemSize;
        var available = (long)bytes.Length - dataOffset;
        if (available < expected)
            throw new DataException($"{path}: truncated .npy data (shape ({string.Join(", ", shape)}) of {dtype} needs {expected} bytes, file has {available})");
        if (available > expected)
            throw new DataException($"{path}: {available - expected} unexpected trailing bytes after the .npy data");
        if (count > Array.MaxLength) throw new DataException($"{path}: {count} elements are more than one array can hold in memory");
        return new NpyFile(path, dtype, shape, bytes, dataOffset);
    }

    /// <summary>The elements as float32, values as they are (no scaling); booleans become 0 and 1.</summary>
    public float[] ToSingle()
    {
        var values = new float[Count];
        var data = _data.AsSpan(_dataOffset);
        switch (DType)
        {
            case "<f4":
                for (var i = 0; i < values.Length; i++) values[i] = BinaryPrimitives.ReadSingleLittleEndian(data[(i * 4)..]);
                break;
            case "<f8":
                for (var i = 0; i < values.Length; i++) values[i] = (float)BinaryPrimitives.ReadDoubleLittleEndian(data[(i * 8)..]);
                break;
            case "<i4":
                for (var i = 0; i < values.Length; i++) values[i] = BinaryPrimitives.ReadInt32LittleEndian(data[(i * 4)..]);
                break;
            case "<i8":
                for (var i = 0; i < values.Length; i++) values[i] = BinaryPrimitives.ReadInt64LittleEndian(data[(i * 8)..]);
                break;
            default:
                for (var i = 0; i < values.Length; i++) values[i] = data[i];
                break;
        }
        return values;
    }

    /// <summary>The elements as integers.</summary>
    /// <exception cref="DataException">The array holds floating-point values.</exception>
    public long[] ToInt64()
    {
        if (IsFloatingPoint) throw new DataException($"{Path}: expected integer values, got element type '{DType}'");
        var values = new long[Count];
        var data = _data.AsSpan(_dataOffset);
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = DType switch
            {
                "<i4" => BinaryPrimitives.ReadInt32LittleEndian(data[(i * 4)..]),
                "<i8" => BinaryPrimitives.ReadInt64LittleEndian(data[(i * 8)..]),
                _ => data[i],
            };
        }
        return values;
    }

    /// <summary>The raw text of one value in the header dict, e.g. <c>'&lt;f4'</c>, <c>False</c> or <c>(10, 3)</c>.</summary>
    private static string HeaderValue(string header, string key, string path)
    {
        var at = header.IndexOf($"'{key}'", StringComparison.Ordinal);
        if (at < 0) at = header.IndexOf($"\"{key}\"", StringComparison.Ordinal);
        if (at < 0) throw new DataException($"{path}: .npy header has no '{key}' entry");
        var colon = header.IndexOf(':', at + key.Length + 2);
        if (colon < 0) throw new DataException($"{path}: .npy header entry '{key}' has no value");
        var start = colon + 1;
        while (start < header.Length && header[start] == ' ') start++;
        if (start >= header.Length) throw new DataException($"{path}: .npy header entry '{key}' has no value");
        int end;
        switch (header[start])
        {
            case '(' or '[':
                end = header.IndexOf(header[start] == '(' ? ')' : ']', start);
                if (end < 0) throw new DataException($"{path}: .npy header entry '{key}' is not closed");
                end++;
                break;
            case '\'' or '"':
                end = header.IndexOf(header[start], start + 1);
                if (end < 0) throw new DataException($"{path}: .npy header entry '{key}' is not closed");
                end++;
                break;
            default:
                end = start;
                while (end < header.Length && header[end] is not (',' or '}')) end++;
                break;
        }
        return header[start..end].Trim();
    }

    private static int[] ParseShape(string text, string path)
    {
        if (text.Length < 2 || text[0] != '(' || text[^1] != ')')
            throw new DataException($"{path}: .npy header shape {text} is not a tuple");
        var dims = new List<int>();
        foreach (var part in text[1..^1].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            // Python 2 era files write long integers as 10L.
            var digits = part.TrimEnd('L');
            if (!int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var dim))
                throw new DataException($"{path}: .npy header shape {text} is not a tuple of non-negative integers");
            dims.Add(dim);
        }
        return [.. dims];
    }
}
