using System.Buffers.Binary;

namespace Assay.Tracking;

/// <summary>Arrays as compact little-endian bytes, whatever the machine's byte order, for the store's blob columns.</summary>
internal static class BinaryArrays
{
    public static byte[] Encode(int[] values)
    {
        var bytes = new byte[values.Length * sizeof(int)];
        for (var i = 0; i < values.Length; i++) BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(i * sizeof(int)), values[i]);
        return bytes;
    }

    public static byte[] Encode(float[] values)
    {
        var bytes = new byte[values.Length * sizeof(float)];
        for (var i = 0; i < values.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), values[i]);
        return bytes;
    }

    public static byte[] Encode(double[] values)
    {
        var bytes = new byte[values.Length * sizeof(double)];
        for (var i = 0; i < values.Length; i++) BinaryPrimitives.WriteDoubleLittleEndian(bytes.AsSpan(i * sizeof(double)), values[i]);
        return bytes;
    }

    public static int[] DecodeInt32(byte[] bytes, int count)
    {
        Check(bytes, count, sizeof(int));
        var values = new int[count];
        for (var i = 0; i < count; i++) values[i] = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(i * sizeof(int)));
        return values;
    }

    public static float[] DecodeSingle(byte[] bytes, int count)
    {
        Check(bytes, count, sizeof(float));
        var values = new float[count];
        for (var i = 0; i < count; i++) values[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(i * sizeof(float)));
        return values;
    }

    public static double[] DecodeDouble(byte[] bytes, int count)
    {
        Check(bytes, count, sizeof(double));
        var values = new double[count];
        for (var i = 0; i < count; i++) values[i] = BinaryPrimitives.ReadDoubleLittleEndian(bytes.AsSpan(i * sizeof(double)));
        return values;
    }

    private static void Check(byte[] bytes, int count, int size)
    {
        if (bytes.Length != (long)count * size) throw new StoreException($"a stored array holds {bytes.Length} bytes, expected {count} values of {size} bytes");
    }
}
