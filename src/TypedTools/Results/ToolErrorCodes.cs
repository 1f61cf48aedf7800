namespace TypedTools.Results;

/// <summary>Stable codes for calls that passed validation but did not complete.</summary>
public static class ToolErrorCodes
{
    /// <summary>The tool's own code threw; the exception is kept for the log, not shown to the model.</summary>
    public const string Failed = "tool.failed";

    /// <summary>TypedTools itself failed before the tool ran; the call was denied (fail closed).</summary>
    public const string InternalError = "tool.internal_error";
}
