using System.CommandLine;
using Assay.Cli.Rendering;
using Assay.Environment;
using Assay.Onnx;
using Assay.Reporting;
using Assay.Running;
using Assay.Specs;
using Assay.Torch;
using Spectre.Console;

namespace Assay.Cli.Commands;

/// <summary><c>assay run [SPEC]</c>: train, evaluate, measure and record every model a spec names.</summary>
internal static class RunCommand
{
    public static Command Create(CliContext context)
    {
        var spec = new Argument<string?>("spec")
        {
            Description = "The experiment spec (YAML). Without it, the built-in digits suite (samples/digits.yaml) runs.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        // Without this, a mistyped option would be taken for the spec path.
        spec.Validators.Add(result =>
        {
            var value = result.Tokens.Count > 0 ? result.Tokens[0].Value : null;
            if (value is not null && value.StartsWith('-')) result.AddError($"Unrecognized option '{value}'.");
        });
        var json = CommonOptions.Json();
        var store = CommonOptions.Store();
        var checkpoints = new Option<string?>("--checkpoints") { Description = "Keep each trained model in this folder as RUNID-MODEL.assaymodel (loadable by bench, info and eval)." };
        var command = new Command("run", "Train, evaluate and benchmark the models of a spec; record every run.") { spec, json, store, checkpoints };
        command.SetAction((parse, cancellation) => Task.Run(() => context.Guard(() =>
        {
            var path = parse.GetValue(spec);
            var experiment = path is null ? SpecLoader.LoadBuiltIn() : SpecLoader.LoadFile(path);
            var asJson = parse.GetValue(json);
            using var runStore = RunStores.Open(parse.GetValue(store)!);
            IBackendInfo[] backends = [TorchBackendInfo.Instance, OnnxBackendInfo.Instance];
            var writer = parse.GetValue(checkpoints) is { } folder ? new CheckpointFolder(folder) : null;

            SuiteResult result;
            if (asJson)
            {
                result = new SuiteRunner(new TorchTrainer(), runStore, backends, checkpoints: writer).Run(experiment, cancellation);
                context.Out.WriteLine(Json.Serialize(new { runs = result.Runs, spec = result.Spec, data = result.Data, environment = result.Environment }));
                return AssayApp.Success;
            }

            var console = context.CreateConsole();
            console.MarkupLineInterpolated($"[bold]assay run[/] {experiment.Source}: {experiment.Models.Count} model(s) on {experiment.Data.Reference}, seed {experiment.Seed}");
            result = TrainingProgress.Show(console, observer => new SuiteRunner(new TorchTrainer(), runStore, backends, observer, writer).Run(experiment, cancellation));
            SuiteTables.Write(console, result);
            return AssayApp.Success;
        })));
        return command;
    }
}
