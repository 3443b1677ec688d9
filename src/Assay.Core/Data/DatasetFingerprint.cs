using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Assay.Data;

/// <summary>Content hashes of a data set's examples and labels, the same whichever file format they were read from.</summary>
/// <remarks>
/// Canonical encoding: the ASCII tag <c>assay-dataset-v1</c>, the example rank and each dimension of the example shape
/// (int32 little-endian), the count N (int64 little-endian), then for each example its values as float32 little-endian
/// followed by its label (int32 little-endian). Negative zero is written as zero and every NaN as 0x7FC00000, so values
/// that compare equal hash equal. The class count and names, the data set name and the source path are not hashed.
/// <see cref="Ordered"/> is SHA-256 of that stream, so reordering the examples changes it. <see cref="Unordered"/> is
/// SHA-256 of the same header followed by the per-example SHA-256 digests (values then label) sorted bytewise, so it
/// depends on the multiset of (example, label) pairs only: a shuffled copy has the same value.
/// Both are written <c>sha256:</c> and 64 lower-case hex digits.
/// </remarks>
public sealed record DatasetFingerprint(string Ordered, string Unordered, int Count)
{
    private static readonly byte[] Tag = "assay-dataset-v1"u8.ToArray();

    public static DatasetFingerprint Compute(Dataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var header = Header(dataset);
        using var ordered = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        ordered.AppendData(header);
        var buffer = new byte[dataset.ExampleSize * 4 + 4];
        var digests = new byte[dataset.Count * 32];
        for (var i = 0; i < dataset.Count; i++)
        {
            Encode(dataset.Example(i), dataset.Labels[i], buffer);
            ordered.AppendData(buffer);
            SHA256.HashData(buffer, digests.AsSpan(i * 32, 32));
        }

        var order = Enumerable.Range(0, dataset.Count).ToArray();
        Array.Sort(order, (a, b) => digests.AsSpan(a * 32, 32).SequenceCompareTo(digests.AsSpan(b * 32, 32)));
        using var unordered = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        unordered.AppendData(header);
        foreach (var i in order) unordered.AppendData(digests.AsSpan(i * 32, 32));
        return new DatasetFingerprint(Text(ordered.GetHashAndReset()), Text(unordered.GetHashAndReset()), dataset.Count);
    }

    private static byte[] Header(Dataset dataset)
    {
        var header = new byte[Tag.Length + 4 + 4 * dataset.ExampleShape.Length + 8];
        Tag.CopyTo(header, 0);
        var at = Tag.Length;
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(at), dataset.ExampleShape.Length);
        at += 4;
        foreach (var dim in dataset.ExampleShape)
        {
            BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(at), dim);
            at += 4;
        }
        BinaryPrimitives.WriteInt64LittleEndian(header.AsSpan(at), dataset.Count);
        return header;
    }

    private static void Encode(ReadOnlySpan<float> example, int label, byte[] buffer)
    {
        for (var j = 0; j < example.Length; j++)
        {
            var value = example[j];
            var bits = float.IsNaN(value) ? 0x7FC00000 : value == 0 ? 0 : BitConverter.SingleToInt32Bits(value);
            BinaryPrimitives.WriteInt32LittleEndian(buffer.AsSpan(j * 4), bits);
        }
        BinaryPrimitives.WriteInt32LittleEndian(buffer.AsSpan(example.Length * 4), label);
    }

    private static string Text(byte[] hash) => "sha256:" + Convert.ToHexStringLower(hash);
}
