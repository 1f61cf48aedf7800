using System.Globalization;
using System.Text;

namespace TypedTools.Shared
{
    /// <summary>
    /// A tool's name when <c>[McpServerTool]</c> does not give one, as the SDK names it. Compiled into the generator (which
    /// names the tool) and the analyzers (which refuse two tools of one name, TT1002), so the two cannot disagree.
    /// </summary>
    internal static class ToolNames
    {
        /// <summary>
        /// The SDK's default tool name: the method name without an "Async" suffix (for async methods), anything
        /// but ASCII letters and digits replaced by '_', trimmed of '_', then snake_case (JsonNamingPolicy.SnakeCaseLower).
        /// </summary>
        public static string DefaultToolName(string methodName, bool isAsync)
        {
            string name = methodName;
            const string AsyncSuffix = "Async";
            if (isAsync && name.EndsWith(AsyncSuffix, System.StringComparison.Ordinal) && name.Length > AsyncSuffix.Length)
            {
                name = name.Substring(0, name.Length - AsyncSuffix.Length);
            }
            var cleaned = new StringBuilder(name.Length);
            foreach (char c in name)
            {
                cleaned.Append(c < 128 && char.IsLetterOrDigit(c) ? c : '_');
            }
            name = cleaned.ToString().Trim('_');
            if (name.Length == 0)
            {
                name = methodName;
            }
            return SnakeCaseLower(name);
        }

        private enum SeparatorState
        {
            NotStarted,
            UppercaseLetter,
            LowercaseLetterOrDigit,
            SpaceSeparator,
        }

        /// <summary>System.Text.Json's JsonNamingPolicy.SnakeCaseLower.</summary>
        public static string SnakeCaseLower(string name)
        {
            var result = new StringBuilder(name.Length + 8);
            SeparatorState state = SeparatorState.NotStarted;
            for (int i = 0; i < name.Length; i++)
            {
                char current = name[i];
                UnicodeCategory category = char.GetUnicodeCategory(current);
                switch (category)
                {
                    case UnicodeCategory.UppercaseLetter:
                        switch (state)
                        {
                            case SeparatorState.LowercaseLetterOrDigit:
                            case SeparatorState.SpaceSeparator:
                                result.Append('_');
                                break;
                            case SeparatorState.UppercaseLetter:
                                if (i + 1 < name.Length && char.IsLower(name[i + 1]))
                                {
                                    result.Append('_');
                                }
                                break;
                        }
                        result.Append(char.ToLowerInvariant(current));
                        state = SeparatorState.UppercaseLetter;
                        break;
                    case UnicodeCategory.LowercaseLetter:
                    case UnicodeCategory.DecimalDigitNumber:
                        if (state == SeparatorState.SpaceSeparator)
                        {
                            result.Append('_');
                        }
                        result.Append(current);
                        state = SeparatorState.LowercaseLetterOrDigit;
                        break;
                    case UnicodeCategory.SpaceSeparator:
                        if (state != SeparatorState.NotStarted)
                        {
                            state = SeparatorState.SpaceSeparator;
                        }
                        break;
                    default:
                        result.Append(current);
                        state = SeparatorState.NotStarted;
                        break;
                }
            }
            return result.ToString();
        }
    }
}
