using System.Text.Json;
using Assay.Tests;

namespace Assay.Cli.Tests;

[Collection(LibtorchCollection.Name)]
public class BenchCommandTests
{
    private static readonly string Model = TestAssets.Path("fashion-mnist-mlp.onnx");

    [Fact]
    public void Sweeps_batch_sizes_and_threads_and_reports_latency_with_intervals_and_resources()
    {
        using var temp = new TempFolder();
        var report = CliRunner.RunJson("bench", "--model", Model, "--batch-sizes", "1,4", "--threads", "1", "--min-duration", "0s", "--min-count", "50",
            "--json", "--store", temp.Path("a.db"));

        Assert.Equal("onnx", report.GetProperty("model").GetProperty("format").GetString());
        Assert.Equal(new FileInfo(Model).Length, report.GetProperty("model").GetProperty("size_bytes").GetInt64());
        // Flatten -> Gemm(784x64) -> Relu -> Gemm(64x10)
        Assert.Equal(50_890, report.GetProperty("model").GetProperty("params").GetInt64());
        Assert.Equal(50_816, report.GetProperty("model").GetProperty("macs_per_sample").GetDouble());
        Assert.Equal(2 * 50_816, report.GetProperty("model").GetProperty("flops_per_sample").GetDouble());
        Assert.Equal(0, report.GetProperty("model").GetProperty("uncounted_ops").GetArrayLength());
        Assert.True(report.GetProperty("overhead_ns").GetDouble() > 0);
        var results = report.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal([1, 4], results.Select(r => r.GetProperty("batch_size").GetInt32()));
        foreach (var result in results)
        {
            Assert.Equal("single-stream", result.GetProperty("scenario").GetString());
            Assert.Equal(1, result.GetProperty("threads").GetInt32());
            var latency = result.GetProperty("latency_ms");
            Assert.True(latency.GetProperty("n").GetInt32() >= 50);
            Assert.True(latency.GetProperty("p50").GetDouble() <= latency.GetProperty("p99").GetDouble());
            var ci = latency.GetProperty("ci").GetProperty("p50").EnumerateArray().Select(v => v.GetDouble()).ToArray();
            Assert.True(ci[0] <= latency.GetProperty("p50").GetDouble() && latency.GetProperty("p50").GetDouble() <= ci[1]);
            Assert.Equal("certified", latency.GetProperty("stop_reason").GetString());
            Assert.True(result.GetProperty("throughput_per_s").GetDouble() > 0);
            Assert.True(result.GetProperty("resources").GetProperty("peak_working_set_bytes").GetInt64() > 0);
            Assert.Equal(JsonValueKind.Null, result.GetProperty("resources").GetProperty("gpu").ValueKind);
        }
        Assert.InRange(report.GetProperty("best").GetInt32(), 0, 1);

        var run = CliRunner.RunJson("runs", "show", report.GetProperty("run_id").GetString()!, "--json", "--store", temp.Path("a.db"));
        Assert.Equal("bench", run.GetProperty("experiment").GetString());
        Assert.True(run.GetProperty("metrics").GetProperty("latency_ms_p50").GetDouble() > 0);
    }

    [Fact]
    public void The_server_scenario_reports_whether_p99_meets_the_bound()
    {
        using var temp = new TempFolder();
        var report = CliRunner.RunJson("bench", "--model", Model, "--scenario", "server", "--target-qps", "200", "--latency-bound", "1s",
            "--min-duration", "0s", "--min-count", "100", "--json", "--store", temp.Path("a.db"));
        var result = Assert.Single(report.GetProperty("results").EnumerateArray());
        Assert.Equal("server", result.GetProperty("scenario").GetString());
        Assert.Equal(99, result.GetProperty("latency_ms").GetProperty("target_percentile").GetDouble());
        Assert.True(result.GetProperty("meets_bound").GetBoolean());
    }

    [Fact]
    public void Bad_models_and_options_get_one_line()
    {
        using var temp = new TempFolder();
        var notModel = temp.Path("x.onnx");
        File.WriteAllText(notModel, "nope");
        var (code, _, error) = CliRunner.Run("bench", "--model", notModel, "--store", temp.Path("a.db"));
        Assert.Equal(1, code);
        Assert.StartsWith($"error: {notModel}: not an ONNX model (", error, StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'));

        (code, _, error) = CliRunner.Run("bench", "--model", Model, "--batch-sizes", "0", "--store", temp.Path("a.db"));
        Assert.Equal(2, code);
        Assert.Equal("error: --batch-sizes: expected comma-separated integers >= 1, got '0'", error.Trim());

        (code, _, error) = CliRunner.Run("bench", "--model", Model, "--shape", "input", "--store", temp.Path("a.db"));
        Assert.Equal(2, code);
        Assert.Contains("--shape: expected NAME=DIMS", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Info_lists_layers_and_totals_of_a_pytorch_resnet()
    {
        var info = CliRunner.RunJson("info", "--model", TestAssets.Path("onnx", "resnet18.onnx"), "--json");
        var expected = TestAssets.Json("onnx", "resnet18.expected.json");
        Assert.Equal(11_689_512, info.GetProperty("model").GetProperty("params").GetInt64());
        Assert.Equal(1_816_557_056, info.GetProperty("model").GetProperty("macs_per_sample").GetDouble());
        Assert.True(info.GetProperty("model").GetProperty("complete").GetBoolean());
        var layers = info.GetProperty("layers").EnumerateArray().ToList();
        var fc = layers.Single(l => l.GetProperty("name").GetString() == "/fc/Gemm");
        Assert.Equal(512_000, fc.GetProperty("macs").GetInt64());
        Assert.Equal([1L, 1000], fc.GetProperty("output_shape").EnumerateArray().Select(d => d.GetInt64()));
        Assert.True(expected.ValueKind == JsonValueKind.Object);

        var (code, _, error) = CliRunner.Run("info", "--model", "/no/such.onnx");
        Assert.Equal(1, code);
        Assert.Equal("error: /no/such.onnx: model file not found", error.Trim());
    }

    [Fact]
    public void A_zoo_model_runs_side_by_side_in_torchsharp_and_onnx_runtime_with_equal_costs()
    {
        using var temp = new TempFolder();
        var report = CliRunner.RunJson("bench", "--model", "zoo:cnn", "--shape", "input=1x1x8x8", "--also-onnx", "--threads", "1",
            "--min-duration", "0s", "--min-count", "50", "--json", "--store", temp.Path("a.db"));
        Assert.Equal(["torchsharp", "onnxruntime"], report.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("engine").GetString()));
        var torch = report.GetProperty("model");
        var onnx = Assert.Single(report.GetProperty("also_models").EnumerateArray());
        // Zoo CNN on 1x8x8: conv 1->16 and 16->32 (3x3, same), pools, fc 32*2*2->64, head 64->10.
        Assert.Equal(13_706, torch.GetProperty("params").GetInt64());
        Assert.Equal(torch.GetProperty("macs_per_sample").GetDouble(), onnx.GetProperty("macs_per_sample").GetDouble());
        Assert.Equal(torch.GetProperty("params").GetInt64(), onnx.GetProperty("params").GetInt64());
    }

    [Fact]
    public void A_torchscript_file_needs_its_input_shapes()
    {
        using var temp = new TempFolder();
        var model = TestAssets.Path("torch", "tiny-cnn.pt");
        var (code, _, error) = CliRunner.Run("bench", "--model", model, "--store", temp.Path("a.db"));
        Assert.Equal(1, code);
        Assert.StartsWith($"error: {model}: a TorchScript file does not declare its input shapes", error, StringComparison.Ordinal);
    }
}
