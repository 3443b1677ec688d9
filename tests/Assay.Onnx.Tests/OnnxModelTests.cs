using System.Text.Json;
using Assay.Data;
using Assay.Evaluation;
using Assay.Tests;

namespace Assay.Onnx.Tests;

public class OnnxModelTests
{
    private static readonly string ModelPath = TestAssets.Path("fashion-mnist-mlp.onnx");

    [Fact]
    public void Reads_the_input_and_output_contract_from_the_model()
    {
        using var model = OnnxModel.Load(ModelPath);
        Assert.Equal("input", model.Description.InputName);
        Assert.Equal([1, 28, 28], model.Description.ExampleShape);
        Assert.Equal(10, model.Description.OutputSize);
    }

    [Fact]
    public void Matches_pytorch_on_the_committed_slice_example_by_example()
    {
        var expected = TestAssets.Json("fashion-mnist-slice.expected.json");
        using var model = OnnxModel.Load(ModelPath);
        var data = IdxDataset.Load(TestAssets.Path("fashion-mnist-slice"), "test");

        var evaluation = Evaluator.Evaluate(model, data, batchSize: 100);

        Assert.Equal(expected.GetProperty("predictions").EnumerateArray().Select(p => p.GetInt32()), evaluation.Predicted);
        Assert.Equal(expected.GetProperty("accuracy").GetDouble(), evaluation.Metrics.Accuracy, 12);
        Assert.Equal(expected.GetProperty("f1_macro").GetDouble(), evaluation.Metrics.F1Macro, 12);
        var logits = expected.GetProperty("logits_first").EnumerateArray().Select(v => v.GetSingle()).ToArray();
        for (var c = 0; c < 10; c++) Assert.Equal(logits[c], evaluation.Scores[c], 1e-4f);
    }

    [FactWhenPathExists(TestAssets.FashionMnistFolder)]
    public void Matches_pytorch_on_all_10000_fashion_mnist_test_images()
    {
        var expected = TestAssets.Json("fashion-mnist-mlp.expected.json");
        using var model = OnnxModel.Load(ModelPath);
        var evaluation = Evaluator.Evaluate(model, DatasetLoader.Load(TestAssets.FashionMnistFolder, "test"));

        Assert.Equal(10_000, evaluation.Count);
        Assert.Equal(expected.GetProperty("accuracy").GetDouble(), evaluation.Metrics.Accuracy, 12);
        Assert.Equal(expected.GetProperty("precision_macro").GetDouble(), evaluation.Metrics.PrecisionMacro, 12);
        Assert.Equal(expected.GetProperty("f1_macro").GetDouble(), evaluation.Metrics.F1Macro, 12);
        Assert.Equal(expected.GetProperty("confusion_matrix").Deserialize<long[][]>(), evaluation.ConfusionMatrix.ToRows());
    }

    [Fact]
    public void A_file_that_is_not_a_model_gets_one_clear_error()
    {
        using var temp = new TempFolder();
        var path = temp.Path("notes.onnx");
        File.WriteAllText(path, "this is not a protobuf");
        var error = Assert.Throws<ModelException>(() => OnnxModel.Load(path));
        Assert.StartsWith($"{path}: not a loadable ONNX model (", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_model_names_the_path()
    {
        var error = Assert.Throws<ModelException>(() => OnnxModel.Load("/no/model.onnx"));
        Assert.Equal("/no/model.onnx: model file not found", error.Message);
    }

    [Fact]
    public void Data_of_the_wrong_shape_is_refused_before_inference()
    {
        using var model = OnnxModel.Load(ModelPath);
        var error = Assert.Throws<ModelException>(() => Evaluator.Evaluate(model, DigitsDataset.Load()));
        Assert.Contains("expects examples of shape [1, 28, 28], data set digits has [1, 8, 8]", error.Message, StringComparison.Ordinal);
    }
}
