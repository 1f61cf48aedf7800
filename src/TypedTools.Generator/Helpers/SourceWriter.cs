using System;
using System.Text;

namespace TypedTools.Generator.Helpers
{
    /// <summary>An indenting text writer for emitted C# (four spaces, LF line endings, deterministic).</summary>
    internal sealed class SourceWriter
    {
        private readonly StringBuilder _builder = new StringBuilder();

        public int Indentation { get; set; }

        /// <summary>A line break and the indentation of a continued expression (one level in): where a long condition wraps.</summary>
        public string ContinuationBreak => "\n" + new string(' ', (Indentation + 1) * 4);

        public SourceWriter Line(string text = "")
        {
            if (text.Length == 0)
            {
                _builder.Append('\n');
                return this;
            }
            _builder.Append(' ', Indentation * 4).Append(text).Append('\n');
            return this;
        }

        /// <summary>Writes <c>{</c> and indents.</summary>
        public SourceWriter Open(string? header = null)
        {
            if (header != null)
            {
                Line(header);
            }
            Line("{");
            Indentation++;
            return this;
        }

        /// <summary>Outdents and writes <c>}</c> plus an optional suffix.</summary>
        public SourceWriter Close(string suffix = "")
        {
            Indentation--;
            return Line("}" + suffix);
        }

        /// <summary>Writes several lines (a block of text), each at the current indentation.</summary>
        public SourceWriter Lines(string block)
        {
            foreach (string line in block.Replace("\r\n", "\n").Split('\n'))
            {
                Line(line);
            }
            return this;
        }

        /// <summary>Appends text exactly as given (already indented).</summary>
        public SourceWriter Raw(string text)
        {
            _builder.Append(text);
            return this;
        }

        public override string ToString() => _builder.ToString();
    }
}
