using System.Reflection;

namespace TypedTools.Tests.Harness;

/// <summary>Facts the test project's build records as assembly metadata (locations of projects, tools and data beside it).</summary>
public static class BuildFacts
{
    /// <summary>The value recorded under <paramref name="key"/>.</summary>
    public static string Get(string key) =>
        typeof(BuildFacts).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value
            ?? throw new InvalidOperationException($"The build recorded no value for '{key}'.");
}
