using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Assay.Benchmarks.ConfusionMatrixBenchmarks).Assembly).Run(args);
