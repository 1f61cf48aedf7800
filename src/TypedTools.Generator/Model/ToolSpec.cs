using TypedTools.Generator.Helpers;

namespace TypedTools.Generator.Model
{
    /// <summary>What the author's method returns, as the tool converts it.</summary>
    internal enum ResultKind
    {
        /// <summary>Nothing: empty content.</summary>
        Void,
        /// <summary>A string: one text block.</summary>
        Text,
        /// <summary>A <c>CallToolResult</c>, passed through.</summary>
        CallToolResult,
        /// <summary>One content block.</summary>
        ContentBlock,
        /// <summary>A sequence of content blocks.</summary>
        ContentBlocks,
        /// <summary>Any other supported value: <c>structuredContent</c> plus its JSON as text.</summary>
        Structured,
    }

    /// <summary>How the author's method completes.</summary>
    internal enum AsyncKind
    {
        None,
        Task,
        ValueTask,
    }

    /// <summary>The result side of a tool.</summary>
    internal sealed record ResultSpec(ResultKind Kind, AsyncKind Async, TypeSpec? Type, bool WrapInResult);

    /// <summary>How the author's method is reached.</summary>
    /// <param name="ContainingTypeName">Fully qualified type declaring the method.</param>
    /// <param name="MethodName">The method's name.</param>
    /// <param name="IsStatic">Static methods need no instance.</param>
    /// <param name="ConstructorParameters">For instance methods: the constructor's parameters, all bound from services.</param>
    /// <param name="Disposal">0 none, 1 IDisposable, 2 IAsyncDisposable.</param>
    internal sealed record TargetSpec(
        string ContainingTypeName,
        string MethodName,
        bool IsStatic,
        EquatableArray<ParameterSpec> ConstructorParameters,
        int Disposal);

    /// <summary>The protocol's four behaviour hints, always published explicitly.</summary>
    internal sealed record AnnotationSpec(bool ReadOnly, bool Destructive, bool Idempotent, bool OpenWorld);

    /// <summary>
    /// Everything needed to emit one tool, and nothing that ties it to a compilation (<paramref name="Metadata"/>: C#
    /// expressions creating the authorization attributes of the method and its type, for the SDK's filters): no symbols, syntax or
    /// locations, so that equal specs across edits let the pipeline skip emission. Schemas and <paramref name="PolicyEntry"/> (the
    /// tool's policy-manifest entry, which its factory hands the runtime) are precomputed text, as is <paramref name="Meta"/> (the
    /// tool's <c>_meta</c> object from its <c>[McpMeta]</c> attributes); <paramref name="Icon"/> is its <c>IconSource</c>.
    /// </summary>
    internal sealed record ToolSpec(
        string ContainerName,
        string MemberName,
        string ToolName,
        string? Title,
        string? Description,
        AnnotationSpec Annotations,
        TargetSpec Target,
        EquatableArray<ParameterSpec> Parameters,
        EquatableArray<EnumSpec> Enums,
        EquatableArray<ObjectSpec> InputObjects,
        EquatableArray<ObjectSpec> OutputObjects,
        ResultSpec Result,
        string InputSchema,
        string? OutputSchema,
        int MaxDepth,
        PolicySpec Policy,
        PreviewSpec? Preview = null,
        EquatableArray<string> Metadata = default,
        string PolicyEntry = "",
        string? Icon = null,
        string? Meta = null);

    /// <summary>A tool's preview method: its name, how it is called, and which tool parameters it takes (in its order).</summary>
    internal sealed record PreviewSpec(string MethodName, bool IsStatic, AsyncKind Async, EquatableArray<string> ParameterNames);

    /// <summary>
    /// What the policy layer needs to know about a tool: its capabilities (the runtime's <c>ToolCapabilities</c>
    /// flag names), whether a person confirms each call, the effect text shown then, and its path roots.
    /// <paramref name="ConfirmationWaiver"/> is the author's justification for a destructive tool that runs unconfirmed.
    /// </summary>
    internal sealed record PolicySpec(EquatableArray<string> Capabilities, bool RequiresConfirmation, string? Effect, EquatableArray<string> PathRoots,
        EquatableArray<string> RequiredClaims, string? ConfirmationWaiver = null);

    /// <summary>
    /// The project's generator settings (MSBuild properties, or defaults): the limits baked into every parser and schema,
    /// and whether the compiler checks the nullability of the generated tool files (<c>TypedToolsCheckGeneratedNullability</c>).
    /// Off by default: without a nullable context the compiler skips its nullable analysis of the generated code, about a
    /// quarter of the time it takes to compile it. TypedTools' own builds and tests turn it on.
    /// </summary>
    internal sealed record GeneratorOptions(int MaxStringLength, int MaxArrayLength, int MaxDepth, bool CheckNullability = false)
    {
        public static readonly GeneratorOptions Default = new GeneratorOptions(1_048_576, 10_000, 32);
    }

    /// <summary>A diagnostic without a <see cref="Microsoft.CodeAnalysis.Location"/>, so it compares by value.</summary>
    internal sealed record DiagnosticInfo(string Id, string Message, string FilePath, int SpanStart, int SpanLength,
        int StartLine, int StartCharacter, int EndLine, int EndCharacter);

    /// <summary>The outcome of reading one [McpServerTool] method: a spec, or why there is none.</summary>
    internal sealed record ToolParseResult(ToolSpec? Tool, EquatableArray<DiagnosticInfo> Diagnostics);

    /// <summary>One tool's emitted members and where they go: the generated class of its author's type.</summary>
    internal sealed record ToolMembers(string ContainerName, string ContainingTypeName, string MemberName, string Text);

    /// <summary>
    /// One generated file: an author's type's class with its tools' members, in member-name order, and the file's name
    /// (<c>ToolEmitter.Files</c>). Compared by value, so a type whose tools emitted the same text as before is not
    /// written again.
    /// </summary>
    internal sealed record ToolTypeFile(string ContainerName, string ContainingTypeName, string HintName, EquatableArray<string> Members);

    /// <summary>What the registry needs of a tool: only its names, so that edits inside a tool do not re-emit the registry.</summary>
    internal sealed record RegistryEntry(string ContainerName, string MemberName, string ToolName);
}
