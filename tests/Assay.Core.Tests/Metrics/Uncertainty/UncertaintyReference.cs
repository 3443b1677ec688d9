using System.Text.Json;
using Assay.Tests;

namespace Assay.Core.Tests.Metrics.Uncertainty;

/// <summary>tests/assets/reference/uncertainty_reference.json, written by tools/reference/uncertainty_reference.py.</summary>
internal static class UncertaintyReference
{
    private static readonly Lazy<JsonElement> Root = new(() => TestAssets.Json("reference", "uncertainty_reference.json"));

    public static IEnumerable<JsonElement> Section(string name) => Root.Value.GetProperty(name).EnumerateArray();

    public static JsonElement Named(string section, string name) => Section(section).Single(c => c.GetProperty("name").GetString() == name);

    public static double[] Doubles(this JsonElement element, string field) => element.GetProperty(field).EnumerateArray().Select(v => v.GetDouble()).ToArray();

    public static int[] Ints(this JsonElement element, string field) => element.GetProperty(field).EnumerateArray().Select(v => v.GetInt32()).ToArray();

    public static void AssertRelative(double expected, double actual, double relative, string what)
    {
        if (Math.Abs(expected - actual) > relative * Math.Abs(expected))
            Assert.Fail($"{what}: expected {expected:R}, got {actual:R}");
    }
}
