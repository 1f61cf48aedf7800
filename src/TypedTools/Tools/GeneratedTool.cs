using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using TypedTools.Arguments;
using TypedTools.Policy;

namespace TypedTools;

/// <summary>Describes a tool's parameters to <paramref name="binder"/>, one call per parameter (see <see cref="TypedTool{TArguments}"/>).</summary>
public delegate void ArgumentsDescription<TArguments>(ref ArgumentBinder binder, ref TArguments arguments);

/// <summary>Calls the author's method with validated arguments and converts what it returns.</summary>
public delegate ValueTask<CallToolResult> ToolInvoker<TArguments>(TArguments arguments, RequestContext<CallToolRequestParams> request, CancellationToken cancellationToken);

/// <summary>The author's preview of a call's effect, shown in its confirmation question.</summary>
public delegate ValueTask<string?> ToolPreview<TArguments>(TArguments arguments, RequestContext<CallToolRequestParams> request, CancellationToken cancellationToken);

/// <summary>Adds values taken from a call's arguments (its <c>[Destination]</c> or <c>[Secret]</c> values) to <paramref name="values"/>.</summary>
public delegate void ArgumentValues<TArguments>(in TArguments arguments, List<string> values);

/// <summary>
/// A generated tool: the pipeline of <see cref="TypedTool{TArguments}"/> with the parts that are one method's own (its
/// parameters' description, the call of the method, and where it has them its preview, destinations and secrets) as
/// static methods the generator writes, one set per tool, into one class per author's type
/// (<c>TypedTools.Generated.{Type}_Tools</c>). A class of its own per tool cost the compiler about 0.2 ms a tool on a
/// 1,000-tool build, a seventh of what TypedTools added to it; the tool is the same object either way (constructed,
/// registered and tested alone).
/// </summary>
/// <typeparam name="TArguments">One call's validated arguments (see <see cref="TypedTool{TArguments}"/>).</typeparam>
public sealed class GeneratedTool<TArguments> : TypedTool<TArguments>
{
    private readonly ArgumentsDescription<TArguments> _describe;
    private readonly ToolInvoker<TArguments> _invoke;
    private readonly ArgumentValues<TArguments>? _destinations;
    private readonly ArgumentValues<TArguments>? _secrets;
    private readonly ToolPreview<TArguments>? _preview;
    private readonly IReadOnlyList<object> _metadata;

    /// <summary>Creates the tool.</summary>
    /// <param name="protocolTool">The tool's description as published by <c>tools/list</c>.</param>
    /// <param name="descriptor">The tool's policy facts.</param>
    /// <param name="maxDepth">How deeply nested the arguments may be.</param>
    /// <param name="describe">The description of its parameters.</param>
    /// <param name="invoke">The call of the author's method.</param>
    /// <param name="destinations">Its <c>[Destination]</c> values, when the descriptor declares any.</param>
    /// <param name="secrets">Its <c>[Secret]</c> string values, when it has any.</param>
    /// <param name="preview">The author's preview, when there is one.</param>
    /// <param name="metadata">The method's authorization attributes, where the SDK's HTTP filters look for them.</param>
    public GeneratedTool(Tool protocolTool, ToolDescriptor descriptor, int maxDepth, ArgumentsDescription<TArguments> describe, ToolInvoker<TArguments> invoke,
        ArgumentValues<TArguments>? destinations = null, ArgumentValues<TArguments>? secrets = null, ToolPreview<TArguments>? preview = null,
        IReadOnlyList<object>? metadata = null)
        : base(protocolTool, descriptor, maxDepth)
    {
        ArgumentNullException.ThrowIfNull(describe);
        ArgumentNullException.ThrowIfNull(invoke);
        _describe = describe;
        _invoke = invoke;
        _destinations = destinations;
        _secrets = secrets;
        _preview = preview;
        _metadata = metadata ?? [];
    }

    /// <summary>Creates the tool from its definition (see <see cref="ToolDefinition"/>), as the generator does.</summary>
    /// <param name="policy">The tool's policy facts: its entry of the assembly's policy manifest, JSON.</param>
    /// <param name="description">The tool's description, if it has one.</param>
    /// <param name="inputSchema">The tool's input schema.</param>
    /// <param name="outputSchema">The tool's output schema; null when it has none.</param>
    /// <param name="maxDepth">How deeply nested the arguments may be.</param>
    /// <param name="describe">The description of its parameters.</param>
    /// <param name="invoke">The call of the author's method.</param>
    /// <param name="destinations">Its <c>[Destination]</c> values, when the descriptor declares any.</param>
    /// <param name="secrets">Its <c>[Secret]</c> string values, when it has any.</param>
    /// <param name="preview">The author's preview, when there is one.</param>
    /// <param name="metadata">The method's authorization attributes, where the SDK's HTTP filters look for them.</param>
    /// <param name="title">The tool's title, if it has one.</param>
    /// <param name="icon">The source of the tool's icon, if it has one.</param>
    /// <exception cref="InvalidDataException">The definition is malformed.</exception>
    public GeneratedTool(string policy, string? description, string inputSchema, string? outputSchema, int maxDepth,
        ArgumentsDescription<TArguments> describe, ToolInvoker<TArguments> invoke, ArgumentValues<TArguments>? destinations = null,
        ArgumentValues<TArguments>? secrets = null, ToolPreview<TArguments>? preview = null, IReadOnlyList<object>? metadata = null, string? title = null,
        string? icon = null)
        : this(ToolDefinition.Read(policy, title, description, inputSchema, outputSchema, icon), maxDepth, describe, invoke, destinations, secrets, preview, metadata)
    {
    }

    private GeneratedTool((Tool Tool, ToolDescriptor Descriptor) definition, int maxDepth, ArgumentsDescription<TArguments> describe, ToolInvoker<TArguments> invoke,
        ArgumentValues<TArguments>? destinations, ArgumentValues<TArguments>? secrets, ToolPreview<TArguments>? preview, IReadOnlyList<object>? metadata)
        : this(definition.Tool, definition.Descriptor, maxDepth, describe, invoke, destinations, secrets, preview, metadata)
    {
    }

    /// <inheritdoc />
    public override IReadOnlyList<object> Metadata => _metadata;

    /// <inheritdoc />
    protected override void BindArguments(ref ArgumentBinder binder, ref TArguments arguments) => _describe(ref binder, ref arguments);

    /// <inheritdoc />
    protected override ValueTask<CallToolResult> InvokeCoreAsync(TArguments arguments, RequestContext<CallToolRequestParams> request, CancellationToken cancellationToken) =>
        _invoke(arguments, request, cancellationToken);

    /// <inheritdoc />
    protected override void CollectDestinations(in TArguments arguments, List<string> destinations) => _destinations?.Invoke(arguments, destinations);

    /// <inheritdoc />
    protected override void CollectSecrets(in TArguments arguments, List<string> secrets) => _secrets?.Invoke(arguments, secrets);

    /// <inheritdoc />
    protected override ValueTask<string?> PreviewAsync(TArguments arguments, RequestContext<CallToolRequestParams> request, CancellationToken cancellationToken) =>
        _preview is null ? new((string?)null) : _preview(arguments, request, cancellationToken);
}
