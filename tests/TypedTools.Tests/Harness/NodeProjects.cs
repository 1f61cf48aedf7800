namespace TypedTools.Tests.Harness;

/// <summary>
/// The Node.js projects beside the tests (<c>tests/schema-validator</c>: Ajv; <c>tests/ts-client</c>: the official
/// TypeScript MCP SDK), installed from their lock files (<c>npm ci</c>, the npm registry) on first use.
/// </summary>
public static class NodeProjects
{
    private static readonly SemaphoreSlim s_install = new(1, 1);

    /// <summary>The project's directory (recorded by the build under <paramref name="key"/>), its packages installed.</summary>
    /// <param name="key">The build fact naming the directory.</param>
    /// <param name="package">A package whose presence in <c>node_modules</c> means the install is done.</param>
    /// <param name="cancellationToken">Cancels the install.</param>
    public static async Task<string> ReadyAsync(string key, string package, CancellationToken cancellationToken)
    {
        string directory = BuildFacts.Get(key);
        await s_install.WaitAsync(cancellationToken);
        try
        {
            if (!Directory.Exists(Path.Combine(directory, "node_modules", package)))
            {
                await Processes.RunAsync("npm", ["ci", "--no-audit", "--no-fund"], directory, cancellationToken);
            }
        }
        finally
        {
            s_install.Release();
        }
        return directory;
    }
}
