using System.Globalization;
using System.Text;

namespace TypedTools.Generator.Helpers
{
    /// <summary>Builds compact JSON text at compile time (the generator cannot rely on System.Text.Json in the compiler).</summary>
    internal sealed class JsonText
    {
        private readonly StringBuilder _builder = new StringBuilder();
        private bool _needsComma;

        public JsonText StartObject() => Open('{');
        public JsonText EndObject() => Close('}');
        public JsonText StartArray() => Open('[');
        public JsonText EndArray() => Close(']');

        public JsonText Name(string name)
        {
            Comma();
            AppendString(_builder, name);
            _builder.Append(':');
            _needsComma = false;
            return this;
        }

        public JsonText String(string value)
        {
            Comma();
            AppendString(_builder, value);
            _needsComma = true;
            return this;
        }

        /// <summary>Writes already-formatted JSON (a number literal, true, null, or a whole value).</summary>
        public JsonText Raw(string json)
        {
            Comma();
            _builder.Append(json);
            _needsComma = true;
            return this;
        }

        public JsonText Number(long value) => Raw(value.ToString(CultureInfo.InvariantCulture));

        public JsonText Bool(bool value) => Raw(value ? "true" : "false");

        public override string ToString() => _builder.ToString();

        private JsonText Open(char c)
        {
            Comma();
            _builder.Append(c);
            _needsComma = false;
            return this;
        }

        private JsonText Close(char c)
        {
            _builder.Append(c);
            _needsComma = true;
            return this;
        }

        private void Comma()
        {
            if (_needsComma)
            {
                _builder.Append(',');
            }
        }

        public static string Quote(string value)
        {
            var builder = new StringBuilder();
            AppendString(builder, value);
            return builder.ToString();
        }

        private static void AppendString(StringBuilder builder, string value)
        {
            builder.Append('"');
            foreach (char c in value)
            {
                switch (c)
                {
                    case '"': builder.Append("\\\""); break;
                    case '\\': builder.Append("\\\\"); break;
                    case '\n': builder.Append("\\n"); break;
                    case '\r': builder.Append("\\r"); break;
                    case '\t': builder.Append("\\t"); break;
                    default:
                        // Escape controls and anything outside printable ASCII so the text survives any encoding.
                        if (c < 0x20 || c > 0x7E)
                        {
                            builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                        }
                        else
                        {
                            builder.Append(c);
                        }
                        break;
                }
            }
            builder.Append('"');
        }
    }
}
