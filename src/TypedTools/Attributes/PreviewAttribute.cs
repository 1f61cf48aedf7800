namespace TypedTools;

/// <summary>
/// Names the method that previews the tool's effect for the person confirming it: same type, parameters taken
/// from the tool's by name, returning a <c>string</c> (or a task of one), and free of side effects ("deletes
/// notes/plan.md, 8 KB, changed yesterday"). Without this attribute a method named <c>{Tool method}Preview</c>
/// is used when there is one. A preview that throws or takes too long is left out of the question (which still
/// shows the tool, its effect and its arguments), and the audit record says so.
/// </summary>
/// <param name="methodName">The preview method, for example <c>nameof(DeleteFilePreview)</c>.</param>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class PreviewAttribute(string methodName) : Attribute
{
    /// <summary>The preview method's name.</summary>
    public string MethodName { get; } = methodName;
}
