namespace TypedTools.Testing;

/// <summary>Attack inputs as they can be shown in a test name or a message.</summary>
internal static class Text
{
    /// <summary>Control and non-ASCII characters as <c>\uXXXX</c>, everything else as it is.</summary>
    internal static string Visible(string text) => string.Concat(text.Select(c => c < ' ' || c > '~' ? $"\\u{(int)c:x4}" : c.ToString()));
}
