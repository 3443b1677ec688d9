using System.IO.Compression;
using System.Text.Json;
using Assay.Specs;
using TorchSharp;
using static TorchSharp.torch;

namespace Assay.Torch;

/// <summary>An Assay checkpoint: a trained zoo model as a zip of <c>model.json</c> (the spec that built it, the model's
/// name, example shape, class count) and <c>weights.bin</c> (TorchSharp's state-dict format).</summary>
/// <remarks>Loading rebuilds the network from the recorded spec, then loads the weights strictly, so a checkpoint
/// always comes back as exactly the model that was trained.</remarks>
public static class AssayCheckpoint
{
    public const string Extension = ".assaymodel";
    private const string ManifestEntry = "model.json";
    private const string WeightsEntry = "weights.bin";
    private const int FormatVersion = 1;

    /// <summary>Writes the checkpoint atomically (to a temporary file, then renamed).</summary>
    public static void Save(string path, ExperimentSpec spec, ModelSpec model, TorchClassifier classifier)
    {
        var manifest = new Manifest(FormatVersion, spec.Text, spec.Source, model.Name, [.. classifier.Description.ExampleShape ?? []], classifier.Description.OutputSize, TorchBackendInfo.TorchSharpVersion);
        var temp = path + ".tmp";
        using (var archive = ZipFile.Open(temp, ZipArchiveMode.Create))
        {
            using (var entry = archive.CreateEntry(ManifestEntry).Open()) JsonSerializer.Serialize(entry, manifest, Reporting.Json.Options);
            using var weights = archive.CreateEntry(WeightsEntry, CompressionLevel.Fastest).Open();
            classifier.Save(weights);
        }
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Loads a checkpoint as a classifier in eval mode.</summary>
    /// <exception cref="ModelException">Missing, not a checkpoint, or weights that do not fit the recorded model.</exception>
    public static TorchClassifier Load(string path)
    {
        if (!File.Exists(path)) throw new ModelException($"{path}: model file not found");
        try
        {
            using var archive = ZipFile.OpenRead(path);
            var manifestEntry = archive.GetEntry(ManifestEntry) ?? throw new ModelException($"{path}: not an Assay checkpoint (no {ManifestEntry})");
            Manifest manifest;
            using (var stream = manifestEntry.Open())
                manifest = JsonSerializer.Deserialize<Manifest>(stream, Reporting.Json.Options) ?? throw new ModelException($"{path}: {ManifestEntry} is empty");
            if (manifest.FormatVersion > FormatVersion)
                throw new ModelException($"{path}: checkpoint format {manifest.FormatVersion} is newer than this Assay reads ({FormatVersion})");
            var spec = SpecLoader.Parse(manifest.SpecText, $"{path}#{ManifestEntry}");
            var model = spec.Models.FirstOrDefault(m => m.Name == manifest.Model)
                ?? throw new ModelException($"{path}: the recorded spec has no model '{manifest.Model}'");
            var module = ModelFactory.Create(model, manifest.ExampleShape, manifest.Classes);
            try
            {
                var weights = archive.GetEntry(WeightsEntry) ?? throw new ModelException($"{path}: not an Assay checkpoint (no {WeightsEntry})");
                using var buffer = new MemoryStream();
                using (var stream = weights.Open()) stream.CopyTo(buffer);
                buffer.Position = 0;
                using var reader = new BinaryReader(buffer);
                module.load(reader, strict: true);
                module.eval();
                return new TorchClassifier(manifest.Model, module, manifest.ExampleShape, manifest.Classes);
            }
            catch
            {
                module.Dispose();
                throw;
            }
        }
        catch (Exception e) when (e is InvalidDataException or JsonException or ArgumentException or IOException or UsageException)
        {
            throw new ModelException($"{path}: not a usable Assay checkpoint ({e.Message.Split('\n')[0].TrimEnd('.')})", e);
        }
    }

    /// <param name="ExampleShape">One input example, without the batch dimension.</param>
    private sealed record Manifest(int FormatVersion, string SpecText, string SpecSource, string Model, int[] ExampleShape, int Classes, string Torchsharp);
}
