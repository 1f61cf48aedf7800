using System.Linq;
using System.Net;

namespace TypedTools.Analyzers
{
    /// <summary>
    /// The compile-time view of an [AllowedDomain] pattern: the same rules the runtime applies at start-up, checked
    /// as the author types (the runtime stays the authority and refuses anything this misses).
    /// </summary>
    internal static class DomainPatterns
    {
        /// <summary>What is wrong with <paramref name="pattern"/>, or null.</summary>
        public static string? Problem(string pattern)
        {
            string text = pattern.Trim();
            if (text.Length == 0)
            {
                return "is empty";
            }
            if (text.Contains("://") || text.IndexOfAny(new[] { '/', '@', '?', '#', '\\', ' ' }) >= 0)
            {
                return "is not a host name: leave out schemes, paths and user names";
            }
            string literal = text.StartsWith("[") && text.EndsWith("]") ? text.Substring(1, text.Length - 2) : text;
            if (IPAddress.TryParse(literal, out _) && (literal.Contains(":") || literal.Count(c => c == '.') == 3))
            {
                return null; // an explicit IP literal allows exactly that address
            }
            if (text.Contains(":"))
            {
                return "has a port; ports are set with the attribute's Ports";
            }
            if (text == "*")
            {
                return "allows every host";
            }
            bool wildcard = text.StartsWith("*.");
            string host = wildcard ? text.Substring(2) : text;
            if (host.Contains("*"))
            {
                return "has a '*' other than a leading '*.'";
            }
            if (host.EndsWith("."))
            {
                return "ends with a dot";
            }
            string[] labels = host.Split('.');
            if (labels.Any(l => l.Length == 0 || l.Length > 63))
            {
                return "has an empty or overlong label";
            }
            if (wildcard && labels.Length < 2)
            {
                return "would match a whole top-level domain";
            }
            if (labels[labels.Length - 1].All(char.IsDigit))
            {
                return "looks like a partial IP address";
            }
            return null;
        }
    }
}
