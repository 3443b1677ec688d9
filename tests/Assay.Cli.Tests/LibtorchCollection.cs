namespace Assay.Cli.Tests;

/// <summary>Tests that use libtorch run one at a time: its random generator and thread count are process-wide,
/// so a benchmark setting threads while another test trains would change that test's numbers.</summary>
[CollectionDefinition(Name)]
public sealed class LibtorchCollection
{
    public const string Name = "libtorch";
}
