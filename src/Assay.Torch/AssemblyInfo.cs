using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("Assay.Torch.Tests")]
