namespace TypedTools.Results;

/// <summary>Stable codes for calls that passed validation and policy but did not complete (a failing check is <c>policy.check_failed</c>).</summary>
public static class ToolErrorCodes
{
    /// <summary>The tool's own code threw; the exception is kept for the log, not shown to the model.</summary>
    public const string Failed = "tool.failed";

    /// <summary>The tool's structured result broke its own output schema, so it was withheld.</summary>
    public const string InvalidOutput = "tool.invalid_output";
}
