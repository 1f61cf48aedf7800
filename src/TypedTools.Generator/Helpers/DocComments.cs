using System;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using System.Xml.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace TypedTools.Generator.Helpers
{
    /// <summary>
    /// Reads XML documentation (<c>&lt;summary&gt;</c>, <c>&lt;param&gt;</c>) as plain text for descriptions. Works
    /// whether or not the project generates a documentation file: without one the compiler keeps the
    /// <c>///</c> lines as plain comments, so they are read from the syntax.
    /// </summary>
    internal static class DocComments
    {
        public static XElement? Load(ISymbol symbol, CancellationToken cancellationToken)
        {
            string? xml = symbol.GetDocumentationCommentXml(cancellationToken: cancellationToken);
            if (string.IsNullOrWhiteSpace(xml))
            {
                xml = FromSyntax(symbol, cancellationToken);
            }
            if (string.IsNullOrWhiteSpace(xml))
            {
                return null;
            }
            try
            {
                return XElement.Parse("<root>" + xml + "</root>", LoadOptions.None);
            }
            catch (System.Xml.XmlException)
            {
                return null; // malformed docs simply give no description
            }
        }

        public static string? Summary(XElement? doc) => Text(doc?.Descendants("summary").FirstOrDefault());

        public static string? Param(XElement? doc, string name) =>
            Text(doc?.Descendants("param").FirstOrDefault(p => (string?)p.Attribute("name") == name));

        private static string? FromSyntax(ISymbol symbol, CancellationToken cancellationToken)
        {
            var builder = new StringBuilder();
            foreach (SyntaxReference reference in symbol.DeclaringSyntaxReferences)
            {
                SyntaxNode node = reference.GetSyntax(cancellationToken);
                foreach (SyntaxTrivia trivia in node.GetLeadingTrivia())
                {
                    if (trivia.IsKind(SyntaxKind.SingleLineCommentTrivia))
                    {
                        string text = trivia.ToString();
                        if (text.StartsWith("///", StringComparison.Ordinal))
                        {
                            builder.Append(text.Substring(3)).Append('\n');
                        }
                    }
                    else if (trivia.IsKind(SyntaxKind.SingleLineDocumentationCommentTrivia))
                    {
                        foreach (string line in trivia.ToFullString().Split('\n'))
                        {
                            string trimmed = line.TrimStart();
                            builder.Append(trimmed.StartsWith("///", StringComparison.Ordinal) ? trimmed.Substring(3) : trimmed).Append('\n');
                        }
                    }
                }
            }
            return builder.ToString();
        }

        private static string? Text(XElement? element)
        {
            if (element == null)
            {
                return null;
            }
            var builder = new StringBuilder();
            foreach (XNode node in element.Nodes())
            {
                Append(builder, node);
            }
            string text = Regex.Replace(builder.ToString(), @"\s+", " ").Trim();
            return text.Length == 0 ? null : text;
        }

        private static void Append(StringBuilder builder, XNode node)
        {
            switch (node)
            {
                case XText text:
                    builder.Append(text.Value);
                    break;
                case XElement e when e.Name == "see" || e.Name == "seealso":
                    string? target = (string?)e.Attribute("cref") ?? (string?)e.Attribute("langword") ?? (string?)e.Attribute("href");
                    builder.Append(e.Value.Length > 0 ? e.Value : ShortName(target));
                    break;
                case XElement e when e.Name == "paramref" || e.Name == "typeparamref":
                    builder.Append((string?)e.Attribute("name"));
                    break;
                case XElement e:
                    foreach (XNode child in e.Nodes())
                    {
                        Append(builder, child);
                    }
                    break;
            }
        }

        private static string ShortName(string? cref)
        {
            if (cref == null)
            {
                return "";
            }
            int colon = cref.IndexOf(':');
            string name = colon >= 0 ? cref.Substring(colon + 1) : cref;
            int paren = name.IndexOf('(');
            if (paren >= 0)
            {
                name = name.Substring(0, paren);
            }
            int dot = name.LastIndexOf('.');
            return dot >= 0 ? name.Substring(dot + 1) : name;
        }
    }
}
