namespace Assay.Data;

/// <summary>An in-memory labelled data set: examples stored contiguously as float32, one example after another.</summary>
/// <remarks>Image examples are laid out channel-first (C, H, W), so a batch is NCHW.</remarks>
public sealed class Dataset
{
    public Dataset(string name, float[] features, int[] labels, int[] exampleShape, int numClasses, IReadOnlyList<string>? classNames = null)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(exampleShape);
        var size = 1;
        foreach (var dim in exampleShape) size *= dim;
        if (size <= 0) throw new ArgumentException("example shape must have positive dimensions", nameof(exampleShape));
        if (features.Length != (long)labels.Length * size)
            throw new ArgumentException($"{features.Length} features do not make {labels.Length} examples of {size}", nameof(features));
        Name = name;
        Features = features;
        Labels = labels;
        ExampleShape = exampleShape;
        ExampleSize = size;
        NumClasses = numClasses;
        if (classNames is not null && classNames.Count != numClasses)
            throw new ArgumentException($"{classNames.Count} class names for {numClasses} classes", nameof(classNames));
        ClassNames = classNames;
    }

    public string Name { get; }

    public float[] Features { get; }

    public int[] Labels { get; }

    /// <summary>Shape of one example, e.g. [1, 28, 28] for a grey image.</summary>
    public int[] ExampleShape { get; }

    /// <summary>Number of floats in one example.</summary>
    public int ExampleSize { get; }

    public int NumClasses { get; }

    /// <summary>The name of each class label, where the data set says (e.g. CIFAR's meta files); otherwise null.</summary>
    public IReadOnlyList<string>? ClassNames { get; }

    public int Count => Labels.Length;

    /// <summary>How many source examples the reader skipped as unreadable (e.g. image folders with <c>skip_bad=true</c>); 0 otherwise.</summary>
    public int Skipped { get; init; }

    public ReadOnlySpan<float> Example(int index) => Features.AsSpan(index * ExampleSize, ExampleSize);

    /// <summary>A new data set holding the given examples, in the given order.</summary>
    public Dataset Subset(IReadOnlyList<int> indices, string? name = null)
    {
        var features = new float[indices.Count * ExampleSize];
        var labels = new int[indices.Count];
        for (var i = 0; i < indices.Count; i++)
        {
            Example(indices[i]).CopyTo(features.AsSpan(i * ExampleSize, ExampleSize));
            labels[i] = Labels[indices[i]];
        }
        return new Dataset(name ?? Name, features, labels, ExampleShape, NumClasses, ClassNames);
    }

    /// <summary>Counts of each class label.</summary>
    public int[] ClassCounts()
    {
        var counts = new int[NumClasses];
        foreach (var label in Labels) counts[label]++;
        return counts;
    }
}
