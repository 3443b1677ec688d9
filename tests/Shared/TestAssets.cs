using System.Text.Json;

namespace Assay.Tests;

/// <summary>Files under tests/assets (copied beside the test assembly) and scratch folders.</summary>
public static class TestAssets
{
    public static string Path(params string[] parts) => System.IO.Path.Combine([AppContext.BaseDirectory, "assets", .. parts]);

    public static JsonElement Json(params string[] parts) => JsonDocument.Parse(File.ReadAllText(Path(parts))).RootElement;

    /// <summary>Debian's dataset-fashion-mnist package; .ci/run installs it.</summary>
    public const string FashionMnistFolder = "/usr/share/datasets/fashion-mnist";
}

/// <summary>A fresh temporary folder, removed on dispose.</summary>
public sealed class TempFolder : IDisposable
{
    public TempFolder() => Directory.CreateDirectory(Root);

    public string Root { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "assay-tests-" + Guid.NewGuid().ToString("N")[..12]);

    public string Path(string name) => System.IO.Path.Combine(Root, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp folder is harmless.
        }
    }
}

/// <summary>A fact that runs only where a path exists (e.g. a Debian data package), and says so when skipped.</summary>
public sealed class FactWhenPathExistsAttribute : FactAttribute
{
    public FactWhenPathExistsAttribute(string path)
    {
        if (!Directory.Exists(path) && !File.Exists(path))
            Skip = $"{path} is not present (install Debian's dataset-fashion-mnist; .ci/run does)";
    }
}
