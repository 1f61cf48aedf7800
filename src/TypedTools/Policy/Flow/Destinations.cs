namespace TypedTools.Policy.Flow;

/// <summary>What generated code calls to gather a call's <c>[Destination]</c> values.</summary>
public static class Destinations
{
    /// <summary>Adds a text destination (nothing for null).</summary>
    public static void Add(List<string> destinations, string? value)
    {
        if (value is not null)
        {
            destinations.Add(value);
        }
    }

    /// <summary>Adds a URL destination.</summary>
    public static void Add(List<string> destinations, Uri? value) => Add(destinations, value?.OriginalString);

    /// <summary>Adds every destination of a list.</summary>
    public static void Add(List<string> destinations, IEnumerable<string?>? values)
    {
        foreach (string? value in values ?? [])
        {
            Add(destinations, value);
        }
    }

    /// <summary>Adds every URL of a list.</summary>
    public static void Add(List<string> destinations, IEnumerable<Uri?>? values)
    {
        foreach (Uri? value in values ?? [])
        {
            Add(destinations, value);
        }
    }
}
