namespace TypedTools.CodeFixes
{
    /// <summary>Code fixes for TypedTools' analyzers live in this assembly (the only one that references Workspaces).</summary>
    internal static class CodeFixAssembly
    {
    }
}
