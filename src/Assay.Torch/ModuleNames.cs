using static TorchSharp.torch;

namespace Assay.Torch;

/// <summary>Dotted paths of a module tree ("fc1", "block.body.0"), the names both the cost counter and the ONNX exporter give layers.</summary>
/// <remarks>The root is named by its type; a module reached a second time (a shared layer) is "path#2", then "path#3".</remarks>
internal sealed class ModuleNames
{
    private readonly Dictionary<nn.Module, string> _paths = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<nn.Module, int> _uses = new(ReferenceEqualityComparer.Instance);

    public ModuleNames(nn.Module root)
    {
        _paths[root] = TypeName(root);
        foreach (var (path, module) in root.named_modules()) _paths.TryAdd(module, path);
    }

    /// <summary>Every module of the tree, root first, each once.</summary>
    public IEnumerable<(string Path, nn.Module Module)> All => _paths.Select(p => (p.Value, p.Key));

    public string Path(nn.Module module) => _paths.TryGetValue(module, out var path) ? path : TypeName(module);

    /// <summary>The name of one use of <paramref name="module"/>: its path, suffixed from the second use on.</summary>
    public string NextUse(nn.Module module)
    {
        var uses = _uses[module] = _uses.GetValueOrDefault(module) + 1;
        return uses == 1 ? Path(module) : $"{Path(module)}#{uses}";
    }

    /// <summary>The module's class name without generic arity ("Sequential", not "Sequential`2").</summary>
    public static string TypeName(nn.Module module)
    {
        var name = module.GetType().Name;
        var tick = name.IndexOf('`', StringComparison.Ordinal);
        return tick < 0 ? name : name[..tick];
    }
}
