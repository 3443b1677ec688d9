using System.CommandLine;
using Assay.Cli.Commands;

namespace Assay.Cli;

/// <summary>The <c>assay</c> command line: parses, dispatches, and maps every failure to one line and an exit code.</summary>
/// <remarks>Exit codes: 0 success, 1 failure (data, model, store, interruption), 2 usage or spec error.</remarks>
public static class AssayApp
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int UsageError = 2;

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellation = default)
    {
        Data.DatasetLoader.Register(Imaging.ImageFolderFormat.Instance);
        var context = new CliContext(stdout, stderr);
        var root = new RootCommand("Assay: benchmark, evaluate and compare deep learning models with numbers you can defend.")
        {
            RunCommand.Create(context),
            EvalCommand.Create(context),
            RunsCommand.Create(context),
            CompareCommand.Create(context),
            BenchCommand.Create(context),
            MetricsCommand.Create(context),
            InfoCommand.Create(context),
            DataCommand.Create(context),
            AuditCommand.Create(context),
        };
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            var command = parse.CommandResult.Command;
            var name = command == root ? "assay" : $"assay {string.Join(' ', CommandPath(parse))}";
            var message = string.Join(' ', parse.Errors[0].Message.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
            stderr.WriteLine($"error: {message} (see '{name} --help')");
            return UsageError;
        }
        var configuration = new InvocationConfiguration
        {
            Output = stdout,
            Error = stderr,
            // Leaves time to mark an interrupted run as such before the process goes.
            ProcessTerminationTimeout = TimeSpan.FromSeconds(10),
            EnableDefaultExceptionHandler = false,
        };
        try
        {
            return await parse.InvokeAsync(configuration, cancellation).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            return context.Fail(e);
        }
    }

    private static IEnumerable<string> CommandPath(ParseResult parse)
    {
        var names = new Stack<string>();
        for (var result = parse.CommandResult; result.Parent is System.CommandLine.Parsing.CommandResult parent; result = parent)
            names.Push(result.Command.Name);
        return names;
    }
}
