using System.Collections.Generic;
using System.Linq;
using TypedTools.Generator.Helpers;
using TypedTools.Generator.Model;

namespace TypedTools.Generator.Emitters
{
    // What the readers and writers of every kind share: the one naming rule of their helpers, named after the type so that a
    // tool file can call them without knowing the other tools, and the codecs a parameter names.
    internal abstract partial class JsonCodeEmitter
    {
        /// <summary>
        /// A type's identity for its helpers, the one naming rule for all of them (<c>Read_</c>, <c>WriteResult_</c>, <c>ReadArray_</c>...):
        /// its C# type and, for arrays, whether the items may be null at each level
        /// (<c>_9</c>, which no type name produces, then <c>n</c> for nullable items or <c>v</c> for values).
        /// </summary>
        protected static string TypeKey(TypeSpec type)
        {
            var key = new System.Text.StringBuilder(Naming.UniqueIdentifier(type.TypeName));
            if (type.Element != null)
            {
                key.Append("_9");
            }
            for (TypeSpec? element = type.Element; element != null; element = element.Element)
            {
                key.Append(element.IsNullable ? 'n' : 'v');
            }
            return key.ToString();
        }

        // ---- codecs: a type's reader, writer and description as one value a parameter names ----------------

        private const string Codecs = "global::TypedTools.Arguments";
        private const string CanonicalOrder = Codecs + ".CanonicalOrder";

        /// <summary>The codec of a parameter's (non-null, non-string, non-array) type.</summary>
        protected string Codec(TypeSpec type)
        {
            if (type.Kind != ValueKind.Enum && type.Kind != ValueKind.Object)
            {
                return Codecs + ".ArgumentCodecs." + type.Kind;
            }
            return SharedHelper("Codec_" + TypeKey(type), (w, name) =>
            {
                string reader = type.Kind == ValueKind.Enum ? EnumReader(type) : ObjectReader(type);
                string writer = type.Kind == ValueKind.Enum ? EnumWriter(type) : ObjectWriter(type, asResult: false);
                w.Line("internal static readonly " + Codecs + ".ArgumentCodec<" + type.TypeName + "> " + name + " = new(" + reader + ", " + writer + ", " + Literal(Expected(type)) + ");");
            });
        }

        /// <summary>The codec of an array, list or dictionary parameter's type.</summary>
        protected string CollectionCodec(TypeSpec type) =>
            SharedHelper((type.Kind == ValueKind.Map ? "MapCodec_" : "ArrayCodec_") + TypeKey(type), (w, name) =>
                w.Line("internal static readonly " + Codecs + ".CollectionArgumentCodec<" + type.TypeName + "> " + name + " = new(" + CollectionReader(type) + ", " +
                       CollectionWriter(type, asResult: false) + ", " + Literal(Expected(type)) + ");"));
    }
}
