namespace TypedTools.Analyzers
{
    /// <summary>
    /// Diagnostic IDs, shared by analyzers and code fixes. TT + 4 digits, by family; never reused:
    /// 1xxx signature, 2xxx effects, 3xxx paths, 4xxx network, 5xxx schema, 9xxx generator.
    /// The analyzers themselves arrive with the compile-time safety issue.
    /// </summary>
    public static class DiagnosticIds
    {
        /// <summary>The generator could not generate a tool (see the message for why).</summary>
        public const string ToolNotGenerated = "TT9001";
    }
}
