using System.Buffers.Binary;
using System.Text;

namespace Assay.Benchmarking.Cost;

/// <summary>Writes protocol-buffer fields to a stream, or only counts the bytes they would take.</summary>
/// <remarks>
/// A nested message is preceded by its length, so <see cref="Message{T}"/> first runs the message's body on a counting
/// writer; counting touches no payload bytes, so this costs time in proportion to the number of fields, not bytes.
/// </remarks>
internal sealed class ProtoWriter
{
    private readonly Stream? _stream;
    private readonly byte[] _buffer;
    private int _used;

    private ProtoWriter(Stream? stream)
    {
        _stream = stream;
        _buffer = stream is null ? [] : new byte[64 * 1024];
    }

    /// <summary>Bytes written (or counted) so far.</summary>
    public long Length { get; private set; }

    public static ProtoWriter To(Stream stream) => new(stream);

    public static ProtoWriter Counter() => new(null);

    public void Flush()
    {
        if (_stream is null || _used == 0) return;
        _stream.Write(_buffer, 0, _used);
        _used = 0;
    }

    public void Tag(int field, WireType wire) => Varint(((ulong)field << 3) | (uint)wire);

    public void Varint(ulong value)
    {
        Span<byte> bytes = stackalloc byte[10];
        var n = 0;
        while (value >= 0x80)
        {
            bytes[n++] = (byte)(value | 0x80);
            value >>= 7;
        }
        bytes[n++] = (byte)value;
        Raw(bytes[..n]);
    }

    public static int VarintSize(ulong value)
    {
        var size = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            size++;
        }
        return size;
    }

    /// <summary>An int64 or enum field, written even when zero (proto2 presence).</summary>
    public void Int64(int field, long value)
    {
        Tag(field, WireType.Varint);
        Varint((ulong)value);
    }

    public void Int64IfNonZero(int field, long value)
    {
        if (value != 0) Int64(field, value);
    }

    public void Float(int field, float value)
    {
        Tag(field, WireType.Fixed32);
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteSingleLittleEndian(bytes, value);
        Raw(bytes);
    }

    /// <summary>A string field, written even when empty (repeated names keep their positions).</summary>
    public void String(int field, string value)
    {
        Tag(field, WireType.LengthDelimited);
        var count = Encoding.UTF8.GetByteCount(value);
        Varint((ulong)count);
        if (_stream is null)
        {
            Length += count;
            return;
        }
        if (count <= 256)
        {
            Span<byte> bytes = stackalloc byte[count];
            Encoding.UTF8.GetBytes(value, bytes);
            Raw(bytes);
        }
        else
        {
            Raw(Encoding.UTF8.GetBytes(value));
        }
    }

    public void StringIfNonEmpty(int field, string value)
    {
        if (value.Length > 0) String(field, value);
    }

    public void Bytes(int field, ReadOnlySpan<byte> value)
    {
        Tag(field, WireType.LengthDelimited);
        Varint((ulong)value.Length);
        Raw(value);
    }

    public void Message<T>(int field, T value, Action<ProtoWriter, T> body)
    {
        var counter = Counter();
        body(counter, value);
        Tag(field, WireType.LengthDelimited);
        Varint((ulong)counter.Length);
        if (_stream is null) Length += counter.Length;
        else body(this, value);
    }

    public void PackedFloats(int field, ReadOnlySpan<float> values)
    {
        if (values.IsEmpty) return;
        Tag(field, WireType.LengthDelimited);
        Varint((ulong)values.Length * 4);
        Span<byte> bytes = stackalloc byte[4];
        foreach (var value in values)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes, value);
            Raw(bytes);
        }
    }

    public void PackedDoubles(int field, ReadOnlySpan<double> values)
    {
        if (values.IsEmpty) return;
        Tag(field, WireType.LengthDelimited);
        Varint((ulong)values.Length * 8);
        Span<byte> bytes = stackalloc byte[8];
        foreach (var value in values)
        {
            BinaryPrimitives.WriteDoubleLittleEndian(bytes, value);
            Raw(bytes);
        }
    }

    /// <summary>Packed int64 (or int32, sign-extended as protobuf does) varints.</summary>
    public void PackedVarints(int field, ReadOnlySpan<long> values)
    {
        if (values.IsEmpty) return;
        long size = 0;
        foreach (var value in values) size += VarintSize((ulong)value);
        Tag(field, WireType.LengthDelimited);
        Varint((ulong)size);
        foreach (var value in values) Varint((ulong)value);
    }

    private void Raw(ReadOnlySpan<byte> bytes)
    {
        Length += bytes.Length;
        if (_stream is null) return;
        if (bytes.Length > _buffer.Length - _used)
        {
            Flush();
            if (bytes.Length > _buffer.Length)
            {
                _stream.Write(bytes);
                return;
            }
        }
        bytes.CopyTo(_buffer.AsSpan(_used));
        _used += bytes.Length;
    }
}
