using System.Buffers.Binary;
using System.IO.Compression;

namespace Assay.Data;

/// <summary>An IDX file (the MNIST format): a magic number giving element type and rank, big-endian dimensions, then data.</summary>
public sealed class IdxFile
{
    private const byte UnsignedByteType = 0x08;

    private IdxFile(int[] dimensions, byte[] data)
    {
        Dimensions = dimensions;
        Data = data;
    }

    public int[] Dimensions { get; }

    /// <summary>The elements, unsigned bytes in row-major order.</summary>
    public byte[] Data { get; }

    /// <summary>Reads a raw or gzip-compressed IDX file of unsigned bytes.</summary>
    /// <exception cref="DataException">The file is missing, truncated, or not an unsigned-byte IDX file.</exception>
    public static IdxFile Read(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
            if (bytes.Length >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b)
            {
                using var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
                using var raw = new MemoryStream();
                gzip.CopyTo(raw);
                bytes = raw.ToArray();
            }
        }
        catch (FileNotFoundException)
        {
            throw new DataException($"{path}: file not found");
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            throw new DataException($"{path}: cannot read ({e.Message.TrimEnd('.')})", e);
        }
        return Parse(bytes, path);
    }

    internal static IdxFile Parse(byte[] bytes, string path)
    {
        if (bytes.Length < 4 || bytes[0] != 0 || bytes[1] != 0)
            throw new DataException($"{path}: not an IDX file (expected magic bytes 00 00 <type> <rank>)");
        if (bytes[2] != UnsignedByteType)
            throw new DataException($"{path}: IDX element type 0x{bytes[2]:x2} is not supported (expected 0x08, unsigned byte)");
        int rank = bytes[3];
        if (rank == 0) throw new DataException($"{path}: IDX header has rank 0");
        var headerLength = 4 + 4 * rank;
        if (bytes.Length < headerLength)
            throw new DataException($"{path}: truncated IDX header (expected {headerLength} bytes, file has {bytes.Length})");

        var dimensions = new int[rank];
        long count = 1;
        for (var i = 0; i < rank; i++)
        {
            var dim = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(4 + 4 * i, 4));
            if (dim < 0) throw new DataException($"{path}: IDX dimension {i} is negative ({dim})");
            dimensions[i] = dim;
            count *= dim;
        }
        var available = bytes.Length - headerLength;
        if (available < count)
            throw new DataException($"{path}: truncated IDX data (header declares {string.Join('x', dimensions)} = {count} bytes, file has {available})");
        if (available > count)
            throw new DataException($"{path}: {available - count} unexpected trailing bytes after the IDX data ({string.Join('x', dimensions)})");
        return new IdxFile(dimensions, bytes[headerLength..]);
    }
}
