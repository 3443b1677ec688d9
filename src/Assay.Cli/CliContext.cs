using Spectre.Console;

namespace Assay.Cli;

/// <summary>Where a command writes: JSON and tables to stdout, errors to stderr, one line each.</summary>
public sealed class CliContext(TextWriter stdout, TextWriter stderr)
{
    public TextWriter Out { get; } = stdout;

    public TextWriter Error { get; } = stderr;

    /// <summary>A Spectre console over stdout; interactive features (progress) only on a real terminal.</summary>
    public IAnsiConsole CreateConsole()
    {
        var isTerminal = ReferenceEquals(Out, Console.Out) && !Console.IsOutputRedirected;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(Out),
            Ansi = isTerminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = isTerminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = isTerminal ? InteractionSupport.Detect : InteractionSupport.No,
        });
        // Redirected output goes to logs and files: wrapping at 80 columns would only break lines.
        if (!isTerminal) console.Profile.Width = 200;
        return console;
    }

    /// <summary>Reports a failure as one line (never a stack trace) and returns its exit code.</summary>
    public int Fail(Exception exception)
    {
        switch (exception)
        {
            case AssayException e:
                Error.WriteLine($"error: {e.Message}");
                return e.ExitCode;
            case OperationCanceledException:
                Error.WriteLine("error: interrupted; the current run was recorded as interrupted");
                return AssayApp.Failure;
            default:
                Error.WriteLine($"error: internal error: {exception.GetType().Name}: {exception.Message.Split('\n')[0]} (set ASSAY_DEBUG=1 for details; please report)");
                if (System.Environment.GetEnvironmentVariable("ASSAY_DEBUG") == "1") Error.WriteLine(exception);
                return AssayApp.Failure;
        }
    }

    /// <summary>Runs a command body, mapping any failure to its exit code.</summary>
    public int Guard(Func<int> body)
    {
        try
        {
            return body();
        }
        catch (Exception e)
        {
            return Fail(e);
        }
    }
}
