using System.Buffers.Binary;
using System.Text;

namespace Assay.Benchmarking.Cost;

/// <summary>Protocol-buffer wire types.</summary>
internal enum WireType
{
    Varint = 0,
    Fixed64 = 1,
    LengthDelimited = 2,
    StartGroup = 3,
    EndGroup = 4,
    Fixed32 = 5,
}

/// <summary>Reads protocol-buffer fields from a span; every malformed input ends in <see cref="InvalidDataException"/>.</summary>
/// <remarks>Offsets in messages count from the start of the file, so an error points at the bad byte.</remarks>
internal ref struct ProtoReader
{
    private const int MaxGroupDepth = 32;
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly ReadOnlySpan<byte> _data;
    private readonly long _origin;
    private int _position;

    public ProtoReader(ReadOnlySpan<byte> data, long origin = 0)
    {
        _data = data;
        _origin = origin;
    }

    public readonly bool AtEnd => _position >= _data.Length;

    /// <summary>The file offset of the next byte.</summary>
    public readonly long Offset => _origin + _position;

    public (int Field, WireType Wire) ReadTag()
    {
        var at = Offset;
        var tag = ReadVarint();
        var field = tag >> 3;
        var wire = (int)(tag & 7);
        if (field == 0 || field > 536_870_911) throw new InvalidDataException($"invalid field number {field} at byte {at}");
        if (wire is 6 or 7) throw new InvalidDataException($"invalid wire type {wire} at byte {at}");
        return ((int)field, (WireType)wire);
    }

    public ulong ReadVarint()
    {
        var at = Offset;
        ulong value = 0;
        for (var shift = 0; shift < 70; shift += 7)
        {
            if (_position >= _data.Length) throw Truncated(at, "a varint");
            var b = _data[_position++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return value;
        }
        throw new InvalidDataException($"varint longer than 10 bytes at byte {at}");
    }

    public long ReadInt64() => (long)ReadVarint();

    /// <summary>An int32 field: negative values arrive sign-extended to 64 bits.</summary>
    public int ReadInt32() => unchecked((int)(long)ReadVarint());

    public float ReadFloat() => BinaryPrimitives.ReadSingleLittleEndian(Take(4, "a fixed32"));

    public double ReadDouble() => BinaryPrimitives.ReadDoubleLittleEndian(Take(8, "a fixed64"));

    /// <summary>The payload of a length-delimited field, and its file offset.</summary>
    public ReadOnlySpan<byte> ReadLengthDelimited(out long offset)
    {
        var at = Offset;
        var length = ReadVarint();
        offset = Offset;
        if (length > (ulong)(_data.Length - _position))
            throw new InvalidDataException($"truncated: a field at byte {at} declares {length} bytes, {_data.Length - _position} remain");
        var payload = _data.Slice(_position, (int)length);
        _position += (int)length;
        return payload;
    }

    public ProtoReader ReadMessage()
    {
        var payload = ReadLengthDelimited(out var offset);
        return new ProtoReader(payload, offset);
    }

    public string ReadString()
    {
        var payload = ReadLengthDelimited(out var offset);
        try
        {
            return StrictUtf8.GetString(payload);
        }
        catch (DecoderFallbackException)
        {
            throw new InvalidDataException($"a string at byte {offset} is not UTF-8");
        }
    }

    public byte[] ReadBytes() => ReadLengthDelimited(out _).ToArray();

    /// <summary>Skips a field this reader does not model, whatever its wire type.</summary>
    public void Skip(WireType wire, int field) => Skip(wire, field, 0);

    /// <summary>Fails unless a known field arrived with the wire type onnx.proto declares for it.</summary>
    public readonly void Expect(WireType actual, WireType expected, int field, string message)
    {
        if (actual != expected)
            throw new InvalidDataException($"field {field} of {message} has wire type {(int)actual}, expected {(int)expected} (before byte {Offset})");
    }

    /// <summary>A repeated varint field, packed (one length-delimited run) or not (one value per tag).</summary>
    public void ReadVarints(WireType wire, List<long> into)
    {
        if (wire == WireType.Varint)
        {
            into.Add(ReadInt64());
            return;
        }
        if (wire != WireType.LengthDelimited) throw new InvalidDataException($"a repeated integer field has wire type {(int)wire} (before byte {Offset})");
        var packed = ReadMessage();
        while (!packed.AtEnd) into.Add(packed.ReadInt64());
    }

    /// <summary>A repeated int32 varint field, packed or not.</summary>
    public void ReadInt32s(WireType wire, List<int> into)
    {
        if (wire == WireType.Varint)
        {
            into.Add(ReadInt32());
            return;
        }
        if (wire != WireType.LengthDelimited) throw new InvalidDataException($"a repeated integer field has wire type {(int)wire} (before byte {Offset})");
        var packed = ReadMessage();
        while (!packed.AtEnd) into.Add(packed.ReadInt32());
    }

    /// <summary>A repeated float field, packed or not.</summary>
    public void ReadFloats(WireType wire, List<float> into)
    {
        if (wire == WireType.Fixed32)
        {
            into.Add(ReadFloat());
            return;
        }
        if (wire != WireType.LengthDelimited) throw new InvalidDataException($"a repeated float field has wire type {(int)wire} (before byte {Offset})");
        var payload = ReadLengthDelimited(out var offset);
        if (payload.Length % 4 != 0) throw new InvalidDataException($"a packed float field at byte {offset} has {payload.Length} bytes, not a multiple of 4");
        for (var i = 0; i < payload.Length; i += 4) into.Add(BinaryPrimitives.ReadSingleLittleEndian(payload[i..]));
    }

    /// <summary>A repeated double field, packed or not.</summary>
    public void ReadDoubles(WireType wire, List<double> into)
    {
        if (wire == WireType.Fixed64)
        {
            into.Add(ReadDouble());
            return;
        }
        if (wire != WireType.LengthDelimited) throw new InvalidDataException($"a repeated double field has wire type {(int)wire} (before byte {Offset})");
        var payload = ReadLengthDelimited(out var offset);
        if (payload.Length % 8 != 0) throw new InvalidDataException($"a packed double field at byte {offset} has {payload.Length} bytes, not a multiple of 8");
        for (var i = 0; i < payload.Length; i += 8) into.Add(BinaryPrimitives.ReadDoubleLittleEndian(payload[i..]));
    }

    private void Skip(WireType wire, int field, int depth)
    {
        switch (wire)
        {
            case WireType.Varint:
                ReadVarint();
                break;
            case WireType.Fixed64:
                Take(8, "a fixed64");
                break;
            case WireType.Fixed32:
                Take(4, "a fixed32");
                break;
            case WireType.LengthDelimited:
                ReadLengthDelimited(out _);
                break;
            case WireType.StartGroup:
                // Groups are deprecated but still valid protobuf: skip to the matching end tag.
                if (depth >= MaxGroupDepth) throw new InvalidDataException($"groups nested deeper than {MaxGroupDepth} at byte {Offset}");
                while (true)
                {
                    if (AtEnd) throw Truncated(Offset, $"group {field}");
                    var (inner, innerWire) = ReadTag();
                    if (innerWire == WireType.EndGroup)
                    {
                        if (inner != field) throw new InvalidDataException($"group {field} closed by end tag {inner} (before byte {Offset})");
                        return;
                    }
                    Skip(innerWire, inner, depth + 1);
                }
            default:
                throw new InvalidDataException($"unexpected end-group tag for field {field} (before byte {Offset})");
        }
    }

    private ReadOnlySpan<byte> Take(int count, string what)
    {
        if (_data.Length - _position < count) throw Truncated(Offset, what);
        var span = _data.Slice(_position, count);
        _position += count;
        return span;
    }

    private static InvalidDataException Truncated(long at, string what) => new($"truncated: {what} at byte {at} runs past the end");
}
