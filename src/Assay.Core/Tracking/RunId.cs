using System.Security.Cryptography;

namespace Assay.Tracking;

/// <summary>Run ids that sort by start time and are unique without coordination: <c>yyyyMMdd-HHmmss-xxxxxx</c>.</summary>
public static class RunId
{
    public static string New(DateTimeOffset now) =>
        $"{now.UtcDateTime:yyyyMMdd-HHmmss}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))}";
}
