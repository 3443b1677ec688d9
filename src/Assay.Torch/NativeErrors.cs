namespace Assay.Torch;

/// <summary>Shortens libtorch's multi-line errors (message, C++ frames, TorchScript tracebacks) to the line a user can act on.</summary>
internal static class NativeErrors
{
    public static string Reason(Exception error)
    {
        var lines = error.Message.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (lines.Length == 0) return error.GetType().Name;
        // A TorchScript interpreter failure leads with a generic line; the cause is the last "...Error: " line of its traceback.
        var cause = lines.LastOrDefault(l => l.StartsWith("RuntimeError: ", StringComparison.Ordinal) || l.StartsWith("ValueError: ", StringComparison.Ordinal));
        var line = cause is null ? lines[0] : cause[(cause.IndexOf(": ", StringComparison.Ordinal) + 2)..];
        return line.TrimEnd('.');
    }
}
