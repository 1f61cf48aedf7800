using System.Globalization;
using System.Text;

namespace TypedTools.Generator.Helpers
{
    /// <summary>Name conversions that must match the SDK and System.Text.Json exactly.</summary>
    internal static class Naming
    {
        /// <summary>A C# name as code spells it: a reserved keyword (a method named <c>@class</c>) needs its '@'.</summary>
        public static string Escaped(string name) =>
            Microsoft.CodeAnalysis.CSharp.SyntaxFacts.GetKeywordKind(name) == Microsoft.CodeAnalysis.CSharp.SyntaxKind.None ? name : "@" + name;

        /// <summary>System.Text.Json's JsonNamingPolicy.CamelCase (the web default for nested properties).</summary>
        public static string CamelCase(string name)
        {
            if (name.Length == 0 || !char.IsUpper(name[0]))
            {
                return name;
            }
            char[] chars = name.ToCharArray();
            for (int i = 0; i < chars.Length; i++)
            {
                if (i == 1 && !char.IsUpper(chars[i]))
                {
                    break;
                }
                bool hasNext = i + 1 < chars.Length;
                if (i > 0 && hasNext && !char.IsUpper(chars[i + 1]))
                {
                    if (chars[i + 1] == ' ')
                    {
                        chars[i] = char.ToLowerInvariant(chars[i]);
                    }
                    break;
                }
                chars[i] = char.ToLowerInvariant(chars[i]);
            }
            return new string(chars);
        }

        /// <summary>
        /// A readable identifier for a C# name (a type's or a method's, as displayed: <c>global::</c> and the <c>@</c> of a
        /// keyword used as a name are dropped, neither is part of the name) that no other name maps to, so that the
        /// generated classes, members, helpers and schema definitions named after the author's types and methods never
        /// collide. ASCII letters and digits stay and <c>.</c> becomes <c>_</c> (<c>Sample.FileTools</c>
        /// reads <c>Sample_FileTools</c>); every other character becomes <c>_</c> and a digit: <c>_</c> itself is <c>_0</c>,
        /// <c>&lt; &gt; , [ ] ? space</c> are <c>_2</c> to <c>_8</c>, and anything else is <c>_1</c> and its four hex
        /// digits. What follows a dot starts an identifier (a letter or <c>_</c>), never a digit, so a plain <c>_</c> is
        /// always followed by a letter or another <c>_</c>: <c>A.B_C</c> (<c>A_B_0C</c>) and <c>A_B.C</c> (<c>A_0B_C</c>)
        /// stay apart. Callers append suffixes that start with <c>_</c> and a letter (<c>_Tools</c>, <c>_Bind</c>) or with
        /// <c>_9</c>, which no name produces.
        /// </summary>
        public static string UniqueIdentifier(string name)
        {
            string text = name.Replace("global::", "");
            var builder = new StringBuilder(text.Length + 8);
            foreach (char c in text)
            {
                switch (c)
                {
                    case '@': break;
                    case '.': builder.Append('_'); break;
                    case '_': builder.Append("_0"); break;
                    case '<': builder.Append("_2"); break;
                    case '>': builder.Append("_3"); break;
                    case ',': builder.Append("_4"); break;
                    case '[': builder.Append("_5"); break;
                    case ']': builder.Append("_6"); break;
                    case '?': builder.Append("_7"); break;
                    case ' ': builder.Append("_8"); break;
                    default:
                        if (c < 128 && char.IsLetterOrDigit(c))
                        {
                            builder.Append(c);
                        }
                        else
                        {
                            builder.Append("_1").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                        }
                        break;
                }
            }
            return builder.ToString();
        }
    }
}
