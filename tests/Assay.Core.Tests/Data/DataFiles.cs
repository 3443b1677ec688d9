using System.Buffers.Binary;
using System.Text;

namespace Assay.Core.Tests.Data;

/// <summary>Writes tiny CIFAR batch files and .npy files byte by byte, so each test knows every pixel it reads back.</summary>
internal static class DataFiles
{
    /// <summary>The pixel byte of example <paramref name="example"/> at channel c, row y, column x: distinct per channel so order mistakes show.</summary>
    public static byte Pixel(int example, int c, int y, int x) => (byte)((example * 7 + c * 80 + y * 3 + x) % 256);

    /// <summary>CIFAR records: the label bytes given, then R, G and B planes of <see cref="Pixel"/>.</summary>
    public static byte[] CifarRecords(int firstExample, params byte[][] labelBytes)
    {
        using var stream = new MemoryStream();
        for (var i = 0; i < labelBytes.Length; i++)
        {
            stream.Write(labelBytes[i]);
            for (var c = 0; c < 3; c++)
            {
                for (var y = 0; y < 32; y++)
                {
                    for (var x = 0; x < 32; x++) stream.WriteByte(Pixel(firstExample + i, c, y, x));
                }
            }
        }
        return stream.ToArray();
    }

    /// <summary>A CIFAR-10 folder: two train batches (labels 0,1 and 2) and a test batch (labels 9, 3).</summary>
    public static void Cifar10Folder(string folder, bool names = true)
    {
        Directory.CreateDirectory(folder);
        File.WriteAllBytes(Path.Combine(folder, "data_batch_1.bin"), CifarRecords(0, [0], [1]));
        File.WriteAllBytes(Path.Combine(folder, "data_batch_2.bin"), CifarRecords(2, [2]));
        File.WriteAllBytes(Path.Combine(folder, "test_batch.bin"), CifarRecords(100, [9], [3]));
        if (names)
        {
            File.WriteAllText(Path.Combine(folder, "batches.meta.txt"),
                "airplane\nautomobile\nbird\ncat\ndeer\ndog\nfrog\nhorse\nship\ntruck\n\n\n");
        }
    }

    /// <summary>A .npy file of the given type string, shape and raw little-endian data.</summary>
    public static byte[] Npy(string descr, int[] shape, byte[] data, int major = 1, bool fortran = false)
    {
        var tuple = shape.Length == 1 ? $"({shape[0]},)" : $"({string.Join(", ", shape)})";
        var dict = $"{{'descr': '{descr}', 'fortran_order': {(fortran ? "True" : "False")}, 'shape': {tuple}, }}";
        var prefix = major == 1 ? 10 : 12;
        // Pad with spaces so the data starts on a 64-byte boundary, newline last, as numpy writes it.
        var total = (prefix + dict.Length + 1 + 63) / 64 * 64;
        var header = dict.PadRight(total - prefix - 1) + "\n";
        using var stream = new MemoryStream();
        stream.Write([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', (byte)major, 0]);
        var length = new byte[major == 1 ? 2 : 4];
        if (major == 1) BinaryPrimitives.WriteUInt16LittleEndian(length, (ushort)header.Length);
        else BinaryPrimitives.WriteUInt32LittleEndian(length, (uint)header.Length);
        stream.Write(length);
        stream.Write(Encoding.Latin1.GetBytes(header));
        stream.Write(data);
        return stream.ToArray();
    }

    public static byte[] Floats(params float[] values)
    {
        var bytes = new byte[values.Length * 4];
        for (var i = 0; i < values.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * 4), values[i]);
        return bytes;
    }

    public static byte[] Doubles(params double[] values)
    {
        var bytes = new byte[values.Length * 8];
        for (var i = 0; i < values.Length; i++) BinaryPrimitives.WriteDoubleLittleEndian(bytes.AsSpan(i * 8), values[i]);
        return bytes;
    }

    public static byte[] Int64s(params long[] values)
    {
        var bytes = new byte[values.Length * 8];
        for (var i = 0; i < values.Length; i++) BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(i * 8), values[i]);
        return bytes;
    }

    public static byte[] Int32s(params int[] values)
    {
        var bytes = new byte[values.Length * 4];
        for (var i = 0; i < values.Length; i++) BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(i * 4), values[i]);
        return bytes;
    }
}
