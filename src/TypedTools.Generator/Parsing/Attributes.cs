using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using TypedTools.Generator.Helpers;
using TypedTools.Generator.Model;

namespace TypedTools.Generator.Parsing
{
    /// <summary>Attribute look-up by metadata name.</summary>
    internal readonly struct ImmutableAttributes
    {
        public ImmutableAttributes(ImmutableArray<AttributeData> all) => All = all;

        public ImmutableArray<AttributeData> All { get; }

        public AttributeData? Find(string metadataName) => Attributes.Find(All, metadataName);

        public bool Has(string metadataName) => Find(metadataName) != null;
    }

    /// <summary>C# type spellings for emitted code: always <c>global::</c>-qualified, keywords for special types.</summary>
    internal static class TypeNames
    {
        private static readonly SymbolDisplayFormat s_format = SymbolDisplayFormat.FullyQualifiedFormat
            .WithMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.EscapeKeywordIdentifiers | SymbolDisplayMiscellaneousOptions.UseSpecialTypes);

        private static readonly SymbolDisplayFormat s_declared = s_format
            .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

        /// <summary>The type without nullable annotations: <c>string</c>, <c>global::System.Guid</c>.</summary>
        public static string Of(ITypeSymbol type) => type.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString(s_format);

        /// <summary>
        /// A value's type, without its own nullable annotation (its <c>TypeSpec.IsNullable</c> says that) but with those of
        /// its type arguments: a <c>Dictionary&lt;string, Point?&gt;</c> is read into that type, not a <c>Dictionary&lt;string, Point&gt;</c>.
        /// </summary>
        public static string OfValue(ITypeSymbol type) => type.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString(s_declared);

        /// <summary>The type as declared, with its nullable annotation.</summary>
        public static string Declared(ITypeSymbol type) => type.ToDisplayString(s_declared);
    }

    /// <summary>Reads the data annotations and serialization attributes the generator honours.</summary>
    internal static class Attributes
    {
        public const string AllowedPath = "TypedTools.AllowedPathAttribute";
        public const string AllowedDomain = "TypedTools.AllowedDomainAttribute";
        public const string Destination = "TypedTools.DestinationAttribute";
        public const string FromClaim = "TypedTools.FromClaimAttribute";
        public const string Secret = "TypedTools.SecretAttribute";
        public const string MatchesClaim = "TypedTools.MatchesClaimAttribute";

        public static AttributeData? Find(ImmutableArray<AttributeData> attributes, string metadataName)
        {
            foreach (AttributeData attribute in attributes)
            {
                if (SymbolNames.Is(attribute.AttributeClass, metadataName))
                {
                    return attribute;
                }
            }
            return null;
        }

        // The attributes ReadConstraints reads (SymbolNames.OneOf tells which one an attribute is without building its name).
        private static readonly string[] s_constraintAttributes =
        {
            "System.ComponentModel.DataAnnotations.RequiredAttribute",
            "System.ComponentModel.DataAnnotations.StringLengthAttribute",
            "System.ComponentModel.DataAnnotations.MinLengthAttribute",
            "System.ComponentModel.DataAnnotations.MaxLengthAttribute",
            "TypedTools.MinItemsAttribute",
            "TypedTools.MaxItemsAttribute",
            "System.ComponentModel.DataAnnotations.RegularExpressionAttribute",
            "System.ComponentModel.DataAnnotations.RangeAttribute",
        };

        public static string? Description(ImmutableArray<AttributeData> attributes) =>
            Find(attributes, "System.ComponentModel.DescriptionAttribute")?.ConstructorArguments.FirstOrDefault().Value as string;

        public static string? JsonName(ImmutableArray<AttributeData> attributes) =>
            Find(attributes, "System.Text.Json.Serialization.JsonPropertyNameAttribute")?.ConstructorArguments.FirstOrDefault().Value as string;

        public static bool IsJsonIgnored(ImmutableArray<AttributeData> attributes) =>
            Find(attributes, "System.Text.Json.Serialization.JsonIgnoreAttribute") != null;

        /// <summary>
        /// Reads [Range], [StringLength], [MinLength], [MaxLength], [MinItems], [MaxItems], [RegularExpression] and [Required] for a value of
        /// <paramref name="type"/>. Returns what it could and a problem text when an attribute does not fit the type.
        /// </summary>
        public static Constraints ReadConstraints(ImmutableArray<AttributeData> attributes, TypeSpec type, ref bool required, out string? problem)
        {
            problem = null;
            int minLength = 0;
            int? maxLength = null;
            string? pattern = null;
            NumericBound? minimum = null, maximum = null;
            bool isString = type.Kind == ValueKind.String;
            bool isCollection = type.IsCollection; // an array, or a dictionary whose bounds count entries

            foreach (AttributeData attribute in attributes)
            {
                string? name = SymbolNames.OneOf(attribute.AttributeClass, s_constraintAttributes);
                ImmutableArray<TypedConstant> args = attribute.ConstructorArguments;
                switch (name)
                {
                    case "System.ComponentModel.DataAnnotations.RequiredAttribute":
                        required = true;
                        if (isString && !(Named(attribute, "AllowEmptyStrings") is bool allowEmpty && allowEmpty))
                        {
                            minLength = Math.Max(minLength, 1);
                        }
                        break;
                    case "System.ComponentModel.DataAnnotations.StringLengthAttribute":
                        if (!isString)
                        {
                            problem = "[StringLength] applies to strings only.";
                            break;
                        }
                        maxLength = Min(maxLength, (int)args[0].Value!);
                        if (Named(attribute, "MinimumLength") is int min)
                        {
                            minLength = Math.Max(minLength, min);
                        }
                        break;
                    case "System.ComponentModel.DataAnnotations.MinLengthAttribute":
                        if (!isString && !isCollection)
                        {
                            problem = "[MinLength] applies to strings, arrays and dictionaries only.";
                            break;
                        }
                        minLength = Math.Max(minLength, (int)args[0].Value!);
                        break;
                    case "System.ComponentModel.DataAnnotations.MaxLengthAttribute":
                        if (!isString && !isCollection)
                        {
                            problem = "[MaxLength] applies to strings, arrays and dictionaries only.";
                            break;
                        }
                        if (args.Length == 1 && (int)args[0].Value! >= 0)
                        {
                            maxLength = Min(maxLength, (int)args[0].Value!);
                        }
                        break;
                    case "TypedTools.MinItemsAttribute":
                    case "TypedTools.MaxItemsAttribute":
                        if (!isCollection)
                        {
                            problem = "[MinItems] and [MaxItems] apply to lists, arrays and dictionaries only; use [StringLength] for strings.";
                            break;
                        }
                        if (name == "TypedTools.MinItemsAttribute")
                        {
                            minLength = Math.Max(minLength, (int)args[0].Value!);
                        }
                        else if ((int)args[0].Value! >= 0)
                        {
                            maxLength = Min(maxLength, (int)args[0].Value!);
                        }
                        break;
                    case "System.ComponentModel.DataAnnotations.RegularExpressionAttribute":
                        if (!isString)
                        {
                            problem = "[RegularExpression] applies to strings only.";
                            break;
                        }
                        pattern = args[0].Value as string;
                        try
                        {
                            _ = new System.Text.RegularExpressions.Regex(pattern ?? "");
                        }
                        catch (ArgumentException e)
                        {
                            problem = $"the [RegularExpression] pattern is not a valid .NET regular expression ({e.Message}).";
                        }
                        break;
                    case "System.ComponentModel.DataAnnotations.RangeAttribute":
                        if (!type.IsNumber)
                        {
                            problem = "[Range] applies to numbers only.";
                            break;
                        }
                        if (!TryReadRange(attribute, out double low, out double high))
                        {
                            problem = "[Range] needs numeric bounds.";
                            break;
                        }
                        bool lowExclusive = Named(attribute, "MinimumIsExclusive") is bool le && le;
                        bool highExclusive = Named(attribute, "MaximumIsExclusive") is bool he && he;
                        Bounds(type.Kind, low, lowExclusive, high, highExclusive, out minimum, out maximum);
                        break;
                }
            }
            if (maxLength < minLength)
            {
                problem = $"the declared minimum length {minLength} exceeds the maximum {maxLength}.";
            }
            if (minimum != null && maximum != null && Value(minimum) is double lower && Value(maximum) is double upper &&
                (lower > upper || (lower == upper && (minimum.Exclusive || maximum.Exclusive))))
            {
                problem = $"the declared [Range] admits no value (at least {minimum.JsonNumber}, at most {maximum.JsonNumber}).";
            }
            return new Constraints(minLength, maxLength, pattern, minimum, maximum);
        }

        /// <summary>A [RegularExpression] as DataAnnotations applies it, to the whole value: the generated check and the default's check.</summary>
        public static string WholeValue(string pattern) => "^(?:" + pattern + ")\\z";

        /// <summary>Whether the whole text matches, as the generated check asks; a pattern that is invalid (reported apart) or too slow matches.</summary>
        private static bool Matches(string text, string pattern)
        {
            try
            {
                return System.Text.RegularExpressions.Regex.IsMatch(text, WholeValue(pattern), System.Text.RegularExpressions.RegexOptions.CultureInvariant,
                    TimeSpan.FromSeconds(1));
            }
            catch (Exception e) when (e is ArgumentException || e is System.Text.RegularExpressions.RegexMatchTimeoutException)
            {
                return true;
            }
        }

        private static double Value(NumericBound bound) => double.Parse(bound.JsonNumber, NumberStyles.Float, CultureInfo.InvariantCulture);

        /// <summary>
        /// A default value as a C# literal and as JSON (null when JSON cannot say it), and why it cannot be a default (null
        /// when it can): a default that breaks its own declared constraints, or that no enum member names, would hand the
        /// method and the audit's canonical arguments a value that no call may send.
        /// </summary>
        public static string? ReadDefault(object? value, ITypeSymbol declaredType, TypeSpec type, Constraints constraints, out string literal, out string? json)
        {
            literal = DefaultLiteral(value, declaredType, type, out json);
            if (value != null && type.NonNullable.Kind == ValueKind.Enum && json == null)
            {
                return IsFlags(WithoutNullable(declaredType))
                    ? $"its default ({Convert.ToString(value, CultureInfo.InvariantCulture)}) holds bits that no member of {WithoutNullable(declaredType).Name} has, so no names can say it."
                    : $"its default ({Convert.ToString(value, CultureInfo.InvariantCulture)}) is no member of {WithoutNullable(declaredType).Name}, so no name can say it.";
            }
            return DefaultProblem(value, type, constraints);
        }

        private static string? DefaultProblem(object? value, TypeSpec type, Constraints constraints)
        {
            TypeSpec valueType = type.NonNullable;
            if (value is string text)
            {
                if (HasLoneSurrogate(text))
                {
                    return "its default holds a lone surrogate, which is not Unicode text and which JSON cannot carry.";
                }
                int length = text.Length - text.Count(char.IsLowSurrogate);
                if (length < constraints.MinLength || length > constraints.MaxLength)
                {
                    return $"its default is {length} characters long, outside the declared length.";
                }
                if (constraints.Pattern != null && !Matches(text, constraints.Pattern))
                {
                    return "its default does not match its [RegularExpression].";
                }
            }
            else if (value != null && valueType.IsNumber)
            {
                double number = Convert.ToDouble(value, CultureInfo.InvariantCulture);
                if (double.IsNaN(number) || double.IsInfinity(number))
                {
                    return $"its default {Convert.ToString(value, CultureInfo.InvariantCulture)} is not a JSON number.";
                }
                if (!InRange(number, constraints))
                {
                    return $"its default {Convert.ToString(value, CultureInfo.InvariantCulture)} is outside its declared [Range].";
                }
            }
            return null;
        }

        /// <summary>Whether <paramref name="number"/> is inside the declared [Range] (or none is declared).</summary>
        public static bool InRange(double number, Constraints constraints) =>
            !(constraints.Minimum is NumericBound min && !(min.Exclusive ? number > Value(min) : number >= Value(min))) &&
            !(constraints.Maximum is NumericBound max && !(max.Exclusive ? number < Value(max) : number <= Value(max)));

        private static int Min(int? current, int value) => current.HasValue ? Math.Min(current.Value, value) : value;

        private static object? Named(AttributeData attribute, string name)
        {
            foreach (var argument in attribute.NamedArguments)
            {
                if (argument.Key == name)
                {
                    return argument.Value.Value;
                }
            }
            return null;
        }

        private static bool TryReadRange(AttributeData attribute, out double low, out double high)
        {
            low = high = 0;
            ImmutableArray<TypedConstant> args = attribute.ConstructorArguments;
            if (args.Length == 2)
            {
                low = Convert.ToDouble(args[0].Value, CultureInfo.InvariantCulture);
                high = Convert.ToDouble(args[1].Value, CultureInfo.InvariantCulture);
                return !double.IsNaN(low) && !double.IsNaN(high);
            }
            // [Range(typeof(decimal), "0.5", "10")]
            return args.Length == 3 &&
                   double.TryParse(args[1].Value as string, NumberStyles.Float, CultureInfo.InvariantCulture, out low) &&
                   double.TryParse(args[2].Value as string, NumberStyles.Float, CultureInfo.InvariantCulture, out high) &&
                   !double.IsNaN(low) && !double.IsNaN(high);
        }

        /// <summary>
        /// Declared bounds as literals of the value's type. Integer bounds become inclusive whole numbers
        /// (so "greater than 0.5" is "at least 1"), which the schema can state exactly.
        /// </summary>
        private static void Bounds(ValueKind kind, double low, bool lowExclusive, double high, bool highExclusive, out NumericBound? minimum, out NumericBound? maximum)
        {
            if (kind >= ValueKind.SByte && kind <= ValueKind.UInt64)
            {
                // Clamped to what the type holds: "-1.5" on a ulong is "at least 0", and 1e30 on a long is long.MaxValue (a
                // literal outside the type would not compile against it). A range wholly outside the type stays empty (one
                // past the type's end), which ReadConstraints refuses.
                (decimal min, decimal max) = s_integerRanges[kind - ValueKind.SByte];
                minimum = IntegerBound(Clamp(lowExclusive ? Math.Floor(low) + 1 : Math.Ceiling(low), min, max + 1));
                maximum = IntegerBound(Clamp(highExclusive ? Math.Ceiling(high) - 1 : Math.Floor(high), min - 1, max));
                return;
            }
            // An infinite bound, or one a decimal cannot hold, bounds nothing the type can hold.
            double limit = kind == ValueKind.Decimal ? (double)decimal.MaxValue : double.MaxValue;
            string suffix = kind == ValueKind.Decimal ? "m" : "d";
            minimum = low >= -limit ? new NumericBound(Number(low) + suffix, Number(low), lowExclusive) : null;
            maximum = high <= limit ? new NumericBound(Number(high) + suffix, Number(high), highExclusive) : null;
        }

        private static decimal Clamp(double value, decimal min, decimal max) =>
            value <= (double)min ? min : value >= (double)max ? max : (decimal)value;

        // What each integer kind holds, SByte to UInt64 in ValueKind's order.
        private static readonly (decimal Min, decimal Max)[] s_integerRanges =
        [
            (sbyte.MinValue, sbyte.MaxValue), (byte.MinValue, byte.MaxValue), (short.MinValue, short.MaxValue), (ushort.MinValue, ushort.MaxValue),
            (int.MinValue, int.MaxValue), (uint.MinValue, uint.MaxValue), (long.MinValue, long.MaxValue), (ulong.MinValue, ulong.MaxValue),
        ];

        private static NumericBound IntegerBound(decimal value)
        {
            string text = value.ToString("0", CultureInfo.InvariantCulture);
            return new NumericBound(text, text, false);
        }

        public static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

        private static ITypeSymbol WithoutNullable(ITypeSymbol type) =>
            type is INamedTypeSymbol n && n.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T ? n.TypeArguments[0] : type;

        /// <summary>An enum member's JSON name: its <c>[JsonStringEnumMemberName]</c>, as System.Text.Json reads it, or its C# name.</summary>
        public static string EnumMemberJsonName(IFieldSymbol member) =>
            member.GetAttributes().FirstOrDefault(a => SymbolNames.Is(a.AttributeClass, "System.Text.Json.Serialization.JsonStringEnumMemberNameAttribute"))
                ?.ConstructorArguments.FirstOrDefault().Value as string ?? member.Name;

        /// <summary>Whether the text holds a surrogate that is not half of a pair (not Unicode text; JSON cannot carry it).</summary>
        public static bool HasLoneSurrogate(string text)
        {
            for (int i = 0; i < text.Length; i++)
            {
                if (i + 1 < text.Length && char.IsSurrogatePair(text[i], text[i + 1]))
                {
                    i++;
                }
                else if (char.IsSurrogate(text[i]))
                {
                    return true;
                }
            }
            return false;
        }

        /// <summary>Whether the enum is <c>[Flags]</c>: its JSON is then an array of member names.</summary>
        public static bool IsFlags(ITypeSymbol enumType) =>
            enumType.GetAttributes().Any(a => SymbolNames.Is(a.AttributeClass, "System.FlagsAttribute"));

        /// <summary>An enum member's value as the bits of its underlying integer, as the generated code's <c>unchecked((ulong)X.M)</c> gives it.</summary>
        private static ulong Bits(object constant) =>
            constant is ulong u ? u : unchecked((ulong)Convert.ToInt64(constant, CultureInfo.InvariantCulture));

        /// <summary>
        /// A <c>[Flags]</c> default as JSON: the names that spell it (as the runtime writes them, <see cref="TypedTools.Shared.FlagCover"/>),
        /// or null when some of its bits belong to no member.
        /// </summary>
        private static string? FlagsJson(object value, IFieldSymbol[] members)
        {
            ulong bits = Bits(value), rest = bits;
            var names = new List<string>();
            foreach (IFieldSymbol member in members)
            {
                if (TypedTools.Shared.FlagCover.Takes(bits, Bits(member.ConstantValue!), ref rest))
                {
                    names.Add(JsonText.Quote(EnumMemberJsonName(member)));
                }
            }
            return rest == 0 ? "[" + string.Join(",", names) + "]" : null;
        }

        /// <summary>A C# literal for a parameter's default value, and the same default as JSON (null when JSON cannot say it).</summary>
        private static string DefaultLiteral(object? value, ITypeSymbol declaredType, TypeSpec type, out string? json)
        {
            json = null;
            if (value == null)
            {
                json = type.IsNullable ? "null" : null;
                return "default";
            }
            TypeSpec valueType = type.NonNullable;
            switch (valueType.Kind)
            {
                case ValueKind.String:
                    json = JsonText.Quote((string)value);
                    return SymbolDisplay.FormatLiteral((string)value, quote: true);
                case ValueKind.Boolean:
                    json = (bool)value ? "true" : "false";
                    return json;
                case ValueKind.Enum:
                    // No member of the value (no members that hold all its bits, for [Flags]): json stays null, and ReadDefault refuses the default.
                    ITypeSymbol enumType = WithoutNullable(declaredType);
                    IFieldSymbol[] members = enumType.GetMembers().OfType<IFieldSymbol>().Where(f => f.HasConstantValue).ToArray();
                    IFieldSymbol? member = members.FirstOrDefault(f => Equals(f.ConstantValue, value));
                    if (IsFlags(enumType))
                    {
                        // A combination has no member to name it in C#: a cast of its number.
                        json = FlagsJson(value, members);
                        return member != null ? valueType.TypeName + "." + Naming.Escaped(member.Name)
                            : json == null ? "default"
                            : "(" + valueType.TypeName + ")(" + Convert.ToString(value, CultureInfo.InvariantCulture) + ")";
                    }
                    json = member == null ? null : JsonText.Quote(EnumMemberJsonName(member));
                    return member == null ? "default" : valueType.TypeName + "." + Naming.Escaped(member.Name);
                case ValueKind.Single:
                case ValueKind.Double:
                    // NaN and the infinities are refused as defaults (ReadDefault): JSON has no such numbers.
                    double d = Convert.ToDouble(value, CultureInfo.InvariantCulture);
                    json = valueType.Kind == ValueKind.Single
                        ? ((float)value).ToString("R", CultureInfo.InvariantCulture)
                        : Number(d);
                    return json + (valueType.Kind == ValueKind.Single ? "f" : "d");
                case ValueKind.Decimal:
                    json = ((decimal)value).ToString(CultureInfo.InvariantCulture);
                    return json + "m";
                default:
                    if (valueType.IsInteger)
                    {
                        json = Convert.ToString(value, CultureInfo.InvariantCulture);
                        return json!;
                    }
                    return "default";
            }
        }

        /// <summary>An attribute argument as a C# literal (for service keys).</summary>
        public static string Literal(TypedConstant constant)
        {
            if (constant.Value is string s)
            {
                return SymbolDisplay.FormatLiteral(s, quote: true);
            }
            return constant.ToCSharpString();
        }
    }
}
