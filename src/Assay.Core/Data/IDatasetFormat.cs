namespace Assay.Data;

/// <summary>A data set format kept out of Core (e.g. one that needs native decoders), plugged in with <see cref="DatasetLoader.Register"/>.</summary>
/// <remarks>Implementations are stateless and thread-safe: one instance serves every load.</remarks>
public interface IDatasetFormat
{
    /// <summary>The FORMAT a reference names it by: lower-case letters and digits.</summary>
    string Name { get; }

    /// <summary>Whether an existing path is data in this format, for references without FORMAT.</summary>
    bool Recognizes(string path);

    /// <summary>Loads the data the reference names; checks its options (<see cref="DatasetReference.AllowOptions"/>).</summary>
    Dataset Load(DatasetReference reference, string split);
}
