namespace TypedTools.Generator
{
    /// <summary>Tracking names of the pipeline's steps, for incremental-generation tests.</summary>
    internal static class GeneratorSteps
    {
        public const string ParsedTools = nameof(ParsedTools);
        public const string Options = nameof(Options);
        public const string Tools = nameof(Tools);
        public const string ToolFiles = nameof(ToolFiles);
        public const string ToolTypes = nameof(ToolTypes);
        public const string Registry = nameof(Registry);
        public const string Manifest = nameof(Manifest);
    }
}
