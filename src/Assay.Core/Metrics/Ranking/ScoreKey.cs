using System.Runtime.CompilerServices;

namespace Assay.Metrics.Ranking;

/// <summary>Maps float32 scores to uint32 keys whose unsigned order is the scores' numeric order.</summary>
/// <remarks>
/// IEEE-754 floats are sign-magnitude: flipping the sign bit of a non-negative float, and every bit of a negative one,
/// makes unsigned integer order equal numeric order. −0 gets the key of +0 because the two compare equal (scikit-learn's
/// sort ties them too). NaN has no place in the order; callers reject it first.
/// </remarks>
internal static class ScoreKey
{
    private const uint SignBit = 0x8000_0000u;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint From(float score)
    {
        var bits = BitConverter.SingleToUInt32Bits(score);
        if (bits == SignBit) bits = 0;
        return bits ^ ((uint)((int)bits >> 31) | SignBit);
    }

    public static float ToScore(uint key) =>
        BitConverter.UInt32BitsToSingle((key & SignBit) != 0 ? key ^ SignBit : ~key);
}
