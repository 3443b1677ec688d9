namespace Assay;

/// <summary>What went wrong, in words a user can act on; the CLI prints the message as one line.</summary>
public abstract class AssayException : Exception
{
    protected AssayException(string message, Exception? inner = null) : base(message, inner) { }

    /// <summary>The process exit code this error maps to: 2 for usage and spec errors, 1 otherwise.</summary>
    public abstract int ExitCode { get; }
}

/// <summary>A spec or command line that cannot be used as written (exit code 2).</summary>
public sealed class UsageException(string message, Exception? inner = null) : AssayException(message, inner)
{
    public override int ExitCode => 2;
}

/// <summary>A data file that is missing, corrupt or inconsistent (exit code 1).</summary>
public sealed class DataException(string message, Exception? inner = null) : AssayException(message, inner)
{
    public override int ExitCode => 1;
}

/// <summary>A model file that cannot be loaded or does not fit the data (exit code 1).</summary>
public sealed class ModelException(string message, Exception? inner = null) : AssayException(message, inner)
{
    public override int ExitCode => 1;
}

/// <summary>An experiment store that cannot be opened or written (exit code 1).</summary>
public sealed class StoreException(string message, Exception? inner = null) : AssayException(message, inner)
{
    public override int ExitCode => 1;
}
