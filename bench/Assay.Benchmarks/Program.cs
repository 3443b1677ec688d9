using BenchmarkDotNet.Running;

// `harness-vs-plain MODEL.onnx` compares Assay's timing with a plain loop; anything else goes to BenchmarkDotNet.
if (args.Length >= 2 && args[0] == "harness-vs-plain") return Assay.Benchmarks.HarnessVersusPlainLoop.Run(args[1]);
BenchmarkSwitcher.FromAssembly(typeof(Assay.Benchmarks.ConfusionMatrixBenchmarks).Assembly).Run(args);
return 0;
