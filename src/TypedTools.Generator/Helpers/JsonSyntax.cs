using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace TypedTools.Generator.Helpers
{
    /// <summary>
    /// Checks an author's JSON text (an <c>[McpMeta]</c> <c>JsonValue</c>) at compile time and writes it without the
    /// whitespace between tokens: the generator cannot reference System.Text.Json (it runs inside the compiler), and
    /// without this a malformed value would stop the server's start, or a lone surrogate escape would pass the start and
    /// break every <c>tools/list</c>. As strict as System.Text.Json's default parse (RFC 8259, no comments, no trailing
    /// commas, at most 64 levels), and stricter in two ways that keep the published object unambiguous and writable: a
    /// name given twice in one object, and a <c>\u</c> escape or character that leaves half a surrogate pair, are refused.
    /// Strings and numbers are kept as written.
    /// </summary>
    internal sealed class JsonSyntax
    {
        /// <summary>System.Text.Json's default maximum depth (JsonDocumentOptions, JsonNode.Parse).</summary>
        public const int MaxDepth = 64;

        private readonly string _text;
        private readonly StringBuilder _output;
        private int _position;
        private int _depth;

        private JsonSyntax(string text)
        {
            _text = text;
            _output = new StringBuilder(text.Length);
        }

        /// <summary>The value without whitespace between its tokens, or null and why (<paramref name="error"/>) when it is not one JSON value.</summary>
        public static string? Minify(string text, out string? error)
        {
            var reader = new JsonSyntax(text);
            try
            {
                reader.SkipWhitespace();
                reader.Value();
                reader.SkipWhitespace();
                if (reader._position != text.Length)
                {
                    throw reader.Fail("text after the value");
                }
                error = null;
                return reader._output.ToString();
            }
            catch (JsonSyntaxException exception)
            {
                error = exception.Message;
                return null;
            }
        }

        private void Value()
        {
            if (_position == _text.Length)
            {
                throw Fail("a value is missing");
            }
            char c = _text[_position];
            switch (c)
            {
                case '{':
                    Object();
                    break;
                case '[':
                    Array();
                    break;
                case '"':
                    String();
                    break;
                case 't':
                    Literal("true");
                    break;
                case 'f':
                    Literal("false");
                    break;
                case 'n':
                    Literal("null");
                    break;
                default:
                    if (c == '-' || (c >= '0' && c <= '9'))
                    {
                        Number();
                        break;
                    }
                    throw Fail("'" + Shown(c) + "' cannot start a value");
            }
        }

        private void Object()
        {
            var names = new HashSet<string>(System.StringComparer.Ordinal);
            Container('}', () =>
            {
                if (Peek() != '"')
                {
                    throw Fail("a property name (a string) is expected");
                }
                int at = _position;
                string name = String();
                if (!names.Add(name))
                {
                    _position = at;
                    throw Fail("the name \"" + name + "\" is given twice in one object");
                }
                SkipWhitespace();
                Expect(':');
                SkipWhitespace();
                Value();
            });
        }

        private void Array() => Container(']', Value);

        /// <summary>An object or array: its members or items, separated by commas (none after the last), then <paramref name="close"/>.</summary>
        private void Container(char close, System.Action member)
        {
            Enter();
            _output.Append(_text[_position++]);
            SkipWhitespace();
            if (Peek() != close)
            {
                while (true)
                {
                    member();
                    SkipWhitespace();
                    if (Peek() != ',')
                    {
                        break;
                    }
                    Expect(',');
                    SkipWhitespace();
                }
            }
            Expect(close);
            _depth--;
        }

        /// <summary>Copies a string as written and returns its decoded value (for duplicate names).</summary>
        private string String()
        {
            int start = _position++;
            var value = new StringBuilder();
            while (true)
            {
                if (_position == _text.Length)
                {
                    throw Fail("a string is not closed");
                }
                char c = _text[_position];
                if (c == '"')
                {
                    _position++;
                    break;
                }
                if (c < ' ')
                {
                    throw Fail("the control character U+" + ((int)c).ToString("X4", CultureInfo.InvariantCulture) + " must be escaped in a string");
                }
                if (char.IsSurrogate(c))
                {
                    // A written pair must be whole in the text itself: an escape cannot complete it in UTF-8.
                    if (!char.IsHighSurrogate(c) || _position + 1 == _text.Length || !char.IsLowSurrogate(_text[_position + 1]))
                    {
                        throw Fail("a string holds half of a UTF-16 surrogate pair");
                    }
                    value.Append(c).Append(_text[_position + 1]);
                    _position += 2;
                    continue;
                }
                if (c != '\\')
                {
                    _position++;
                    value.Append(c);
                    continue;
                }
                if (_position + 1 == _text.Length)
                {
                    throw Fail("a string is not closed");
                }
                char escaped = _text[_position + 1];
                _position += 2;
                switch (escaped)
                {
                    case '"': value.Append('"'); break;
                    case '\\': value.Append('\\'); break;
                    case '/': value.Append('/'); break;
                    case 'b': value.Append('\b'); break;
                    case 'f': value.Append('\f'); break;
                    case 'n': value.Append('\n'); break;
                    case 'r': value.Append('\r'); break;
                    case 't': value.Append('\t'); break;
                    case 'u': value.Append(Hex4()); break;
                    default:
                        _position -= 2;
                        throw Fail("'\\" + Shown(escaped) + "' is not a JSON escape");
                }
            }
            // Half a surrogate pair, written or escaped, cannot be written as UTF-8 (the protocol's encoding).
            for (int i = 0; i < value.Length; i++)
            {
                if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
                {
                    i++;
                }
                else if (char.IsSurrogate(value[i]))
                {
                    _position = start;
                    throw Fail("a string holds half of a UTF-16 surrogate pair");
                }
            }
            _output.Append(_text, start, _position - start);
            return value.ToString();
        }

        private char Hex4()
        {
            if (_position + 4 > _text.Length)
            {
                throw Fail("'\\u' needs four hexadecimal digits");
            }
            int code = 0;
            for (int i = 0; i < 4; i++)
            {
                char h = _text[_position + i];
                int digit = h >= '0' && h <= '9' ? h - '0' : h >= 'a' && h <= 'f' ? h - 'a' + 10 : h >= 'A' && h <= 'F' ? h - 'A' + 10 : -1;
                if (digit < 0)
                {
                    throw Fail("'\\u' needs four hexadecimal digits");
                }
                code = code * 16 + digit;
            }
            _position += 4;
            return (char)code;
        }

        /// <summary>-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?, copied as written.</summary>
        private void Number()
        {
            int start = _position;
            if (Peek() == '-')
            {
                _position++;
            }
            if (Peek() == '0')
            {
                _position++;
                if (IsDigit(Peek()))
                {
                    throw Fail("a number cannot have a leading zero");
                }
            }
            else
            {
                Digits();
            }
            if (Peek() == '.')
            {
                _position++;
                Digits();
            }
            if (Peek() == 'e' || Peek() == 'E')
            {
                _position++;
                if (Peek() == '+' || Peek() == '-')
                {
                    _position++;
                }
                Digits();
            }
            _output.Append(_text, start, _position - start);
        }

        private void Digits()
        {
            if (!IsDigit(Peek()))
            {
                throw Fail("a digit is expected");
            }
            while (IsDigit(Peek()))
            {
                _position++;
            }
        }

        private void Literal(string word)
        {
            if (string.CompareOrdinal(_text, _position, word, 0, word.Length) != 0)
            {
                throw Fail("not a JSON literal (true, false or null)");
            }
            _position += word.Length;
            _output.Append(word);
        }

        private void Enter()
        {
            if (++_depth > MaxDepth)
            {
                throw Fail("deeper than " + MaxDepth.ToString(CultureInfo.InvariantCulture) + " levels");
            }
        }

        private void Expect(char c)
        {
            if (Peek() != c)
            {
                throw Fail(_position == _text.Length ? "'" + c + "' is expected at the end" : "'" + c + "' is expected, not '" + Shown(_text[_position]) + "'");
            }
            _position++;
            _output.Append(c);
        }

        private void SkipWhitespace()
        {
            while (_position < _text.Length && _text[_position] is ' ' or '\t' or '\n' or '\r')
            {
                _position++;
            }
        }

        private char Peek() => _position < _text.Length ? _text[_position] : '\0';

        private static bool IsDigit(char c) => c >= '0' && c <= '9';

        private static string Shown(char c) => c < ' ' || c > '~' ? "U+" + ((int)c).ToString("X4", CultureInfo.InvariantCulture) : c.ToString();

        private JsonSyntaxException Fail(string why) =>
            new JsonSyntaxException(why + " (at character " + _position.ToString(CultureInfo.InvariantCulture) + ")");

        private sealed class JsonSyntaxException : System.Exception
        {
            public JsonSyntaxException(string message)
                : base(message)
            {
            }
        }
    }
}
