using Microsoft.Extensions.DependencyInjection;

namespace TypedTools.Startup.Tools;

/// <summary>This assembly's generated tools (its own generated WithTypedTools is internal to it).</summary>
public static class ManyToolsRegistration
{
    /// <summary>Registers the 200 generated tools.</summary>
    public static IMcpServerBuilder WithManyTypedTools(this IMcpServerBuilder builder) => builder.WithTypedTools();
}
