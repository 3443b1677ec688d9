using System.Buffers.Binary;

namespace Assay.Benchmarking.Cost;

/// <summary>A constant tensor: its element type, dimensions and values (onnx.proto TensorProto).</summary>
/// <remarks>
/// Values live in exactly one of <see cref="RawData"/> (little-endian, row-major; what exporters write) or the typed
/// fields; tensors stored outside the file have <see cref="DataLocation"/> External and their
/// <see cref="ExternalData"/> says where. Segments and string data are not modelled.
/// </remarks>
public sealed record TensorProto
{
    /// <summary>(field 1)</summary>
    public EquatableArray<long> Dims { get; init; }

    /// <summary>(field 2)</summary>
    public TensorDataType DataType { get; init; }

    /// <summary>For float and complex64 (field 4).</summary>
    public EquatableArray<float> FloatData { get; init; }

    /// <summary>For int32, int16, int8, uint16, uint8, bool and the 16-bit floats' bit patterns (field 5).</summary>
    public EquatableArray<int> Int32Data { get; init; }

    /// <summary>For int64 (field 7).</summary>
    public EquatableArray<long> Int64Data { get; init; }

    /// <summary>(field 8)</summary>
    public string Name { get; init; } = "";

    /// <summary>Values as little-endian bytes (field 9).</summary>
    public EquatableArray<byte> RawData { get; init; }

    /// <summary>For double and complex128 (field 10).</summary>
    public EquatableArray<double> DoubleData { get; init; }

    /// <summary>Where the values are stored when <see cref="DataLocation"/> is External: "location", "offset", "length" (field 13).</summary>
    public EquatableArray<StringStringEntryProto> ExternalData { get; init; }

    /// <summary>(field 14)</summary>
    public TensorDataLocation DataLocation { get; init; }

    /// <summary>The number of elements: the product of <see cref="Dims"/> (1 for a scalar).</summary>
    public long ElementCount
    {
        get
        {
            long count = 1;
            foreach (var dim in Dims) count *= dim;
            return count;
        }
    }

    /// <summary>A float32 tensor whose values go to <see cref="RawData"/>.</summary>
    public static TensorProto FromFloats(string name, ReadOnlySpan<long> dims, ReadOnlySpan<float> values)
    {
        var raw = new byte[values.Length * sizeof(float)];
        for (var i = 0; i < values.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(raw.AsSpan(i * sizeof(float)), values[i]);
        return Checked(new TensorProto { Name = name, DataType = TensorDataType.Float, Dims = [.. dims], RawData = EquatableArray<byte>.Own(raw) }, values.Length);
    }

    /// <summary>An int64 tensor (shapes, axes, indices) whose values go to <see cref="RawData"/>.</summary>
    public static TensorProto FromInt64s(string name, ReadOnlySpan<long> dims, ReadOnlySpan<long> values)
    {
        var raw = new byte[values.Length * sizeof(long)];
        for (var i = 0; i < values.Length; i++) BinaryPrimitives.WriteInt64LittleEndian(raw.AsSpan(i * sizeof(long)), values[i]);
        return Checked(new TensorProto { Name = name, DataType = TensorDataType.Int64, Dims = [.. dims], RawData = EquatableArray<byte>.Own(raw) }, values.Length);
    }

    private static TensorProto Checked(TensorProto tensor, int valueCount) =>
        tensor.ElementCount == valueCount
            ? tensor
            : throw new ArgumentException($"tensor '{tensor.Name}': dims [{string.Join(", ", tensor.Dims)}] hold {tensor.ElementCount} elements, {valueCount} values given");

    /// <summary>The values of an integer or bool tensor as int64, or null for other types, external data or a size mismatch.</summary>
    internal long[]? DecodeIntegers()
    {
        if (!TensorDataTypes.IsInteger(DataType) || !TryElementCount(out var n)) return null;
        if (!RawData.IsEmpty)
        {
            var raw = RawData.AsSpan();
            var size = TensorDataTypes.BitsPerElement(DataType) / 8;
            if (raw.Length != n * size) return null;
            var values = new long[n];
            for (var i = 0; i < n; i++)
            {
                var bytes = raw.Slice(i * size, size);
                values[i] = DataType switch
                {
                    TensorDataType.Int64 => BinaryPrimitives.ReadInt64LittleEndian(bytes),
                    TensorDataType.UInt64 => (long)BinaryPrimitives.ReadUInt64LittleEndian(bytes),
                    TensorDataType.Int32 => BinaryPrimitives.ReadInt32LittleEndian(bytes),
                    TensorDataType.UInt32 => BinaryPrimitives.ReadUInt32LittleEndian(bytes),
                    TensorDataType.Int16 => BinaryPrimitives.ReadInt16LittleEndian(bytes),
                    TensorDataType.UInt16 => BinaryPrimitives.ReadUInt16LittleEndian(bytes),
                    TensorDataType.Int8 => (sbyte)bytes[0],
                    _ => bytes[0],
                };
            }
            return values;
        }
        if (DataType is TensorDataType.Int64 && Int64Data.Count == n) return Int64Data.AsSpan().ToArray();
        if (DataType is not (TensorDataType.Int64 or TensorDataType.UInt64 or TensorDataType.UInt32) && Int32Data.Count == n)
            return [.. Int32Data.Select(v => (long)v)];
        return null;
    }

    /// <summary>The values of a float32 or float64 tensor, or null for other types, external data or a size mismatch.</summary>
    internal double[]? DecodeFloats()
    {
        if (DataType is not (TensorDataType.Float or TensorDataType.Double) || !TryElementCount(out var n)) return null;
        if (!RawData.IsEmpty)
        {
            var raw = RawData.AsSpan();
            var size = DataType == TensorDataType.Float ? 4 : 8;
            if (raw.Length != n * size) return null;
            var values = new double[n];
            for (var i = 0; i < n; i++)
                values[i] = size == 4 ? BinaryPrimitives.ReadSingleLittleEndian(raw.Slice(i * 4, 4)) : BinaryPrimitives.ReadDoubleLittleEndian(raw.Slice(i * 8, 8));
            return values;
        }
        if (DataType == TensorDataType.Float && FloatData.Count == n) return [.. FloatData.Select(v => (double)v)];
        if (DataType == TensorDataType.Double && DoubleData.Count == n) return DoubleData.AsSpan().ToArray();
        return null;
    }

    private bool TryElementCount(out int count)
    {
        var elements = ElementCount;
        count = elements is >= 0 and <= int.MaxValue ? (int)elements : 0;
        return DataLocation != TensorDataLocation.External && elements is >= 0 and <= int.MaxValue;
    }
}

/// <summary>Where a tensor's values are stored (onnx.proto TensorProto.DataLocation).</summary>
public enum TensorDataLocation
{
    Default = 0,
    External = 1,
}

/// <summary>Tensor element types (onnx.proto TensorProto.DataType).</summary>
public enum TensorDataType
{
    Undefined = 0,
    Float = 1,
    UInt8 = 2,
    Int8 = 3,
    UInt16 = 4,
    Int16 = 5,
    Int32 = 6,
    Int64 = 7,
    String = 8,
    Bool = 9,
    Float16 = 10,
    Double = 11,
    UInt32 = 12,
    UInt64 = 13,
    Complex64 = 14,
    Complex128 = 15,
    BFloat16 = 16,
    Float8E4M3FN = 17,
    Float8E4M3FNUZ = 18,
    Float8E5M2 = 19,
    Float8E5M2FNUZ = 20,
    UInt4 = 21,
    Int4 = 22,
    Float4E2M1 = 23,
}

/// <summary>Sizes and kinds of <see cref="TensorDataType"/> values.</summary>
internal static class TensorDataTypes
{
    /// <summary>Bits per element; 0 for strings and unknown types, whose size the dims do not give.</summary>
    public static int BitsPerElement(TensorDataType type) => type switch
    {
        TensorDataType.Bool or TensorDataType.UInt8 or TensorDataType.Int8 => 8,
        TensorDataType.Float8E4M3FN or TensorDataType.Float8E4M3FNUZ or TensorDataType.Float8E5M2 or TensorDataType.Float8E5M2FNUZ => 8,
        TensorDataType.UInt16 or TensorDataType.Int16 or TensorDataType.Float16 or TensorDataType.BFloat16 => 16,
        TensorDataType.Float or TensorDataType.Int32 or TensorDataType.UInt32 => 32,
        TensorDataType.Double or TensorDataType.Int64 or TensorDataType.UInt64 or TensorDataType.Complex64 => 64,
        TensorDataType.Complex128 => 128,
        TensorDataType.UInt4 or TensorDataType.Int4 or TensorDataType.Float4E2M1 => 4,
        _ => 0,
    };

    /// <summary>Bytes for <paramref name="elements"/> packed elements, sub-byte types rounded up to whole bytes.</summary>
    public static long Bytes(TensorDataType type, long elements) => (elements * BitsPerElement(type) + 7) / 8;

    public static bool IsInteger(TensorDataType type) => type is TensorDataType.Int64 or TensorDataType.Int32 or TensorDataType.Int16 or TensorDataType.Int8
        or TensorDataType.UInt64 or TensorDataType.UInt32 or TensorDataType.UInt16 or TensorDataType.UInt8 or TensorDataType.Bool;

    public static bool IsFloatingPoint(TensorDataType type) => type is TensorDataType.Float or TensorDataType.Double or TensorDataType.Float16 or TensorDataType.BFloat16
        or TensorDataType.Float8E4M3FN or TensorDataType.Float8E4M3FNUZ or TensorDataType.Float8E5M2 or TensorDataType.Float8E5M2FNUZ or TensorDataType.Float4E2M1;
}
