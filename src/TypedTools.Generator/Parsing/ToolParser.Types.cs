using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using TypedTools.Generator.Helpers;
using TypedTools.Generator.Model;

namespace TypedTools.Generator.Parsing
{
    /// <summary>The enums and objects one tool uses, each analysed once (recursive types refer back by key).</summary>
    internal sealed class TypeTables
    {
        public readonly List<EnumSpec> Enums = new List<EnumSpec>();
        public readonly List<ObjectSpec?> InputObjects = new List<ObjectSpec?>();
        public readonly List<ObjectSpec?> OutputObjects = new List<ObjectSpec?>();
        public readonly HashSet<string> InputKeys = new HashSet<string>();
        public readonly HashSet<string> OutputKeys = new HashSet<string>();
    }

    internal sealed partial class ToolParser
    {
        // The value types of System that are JSON strings (by name: only System's own types are looked up).
        private static readonly Dictionary<string, ValueKind> s_namedKinds = new Dictionary<string, ValueKind>
        {
            ["Guid"] = ValueKind.Guid,
            ["DateTimeOffset"] = ValueKind.DateTimeOffset,
            ["DateOnly"] = ValueKind.DateOnly,
            ["TimeOnly"] = ValueKind.TimeOnly,
            ["TimeSpan"] = ValueKind.TimeSpan,
            ["Uri"] = ValueKind.Uri,
        };

        // The generic collections of one type argument read as a JSON array: how each is read (an array, a list, or a
        // HashSet<T> for a set, whose items must be unique), and the type it is then handed over as.
        private static readonly (string Name, CollectionKind Kind, CollectionForm Form)[] s_arrays =
        {
            ("System.Collections.Generic.IReadOnlyList", CollectionKind.Array, CollectionForm.AsRead),
            ("System.Collections.Generic.IReadOnlyCollection", CollectionKind.Array, CollectionForm.AsRead),
            ("System.Collections.Generic.IEnumerable", CollectionKind.Array, CollectionForm.AsRead),
            ("System.Collections.Generic.List", CollectionKind.List, CollectionForm.AsRead),
            ("System.Collections.Generic.IList", CollectionKind.List, CollectionForm.AsRead),
            ("System.Collections.Generic.ICollection", CollectionKind.List, CollectionForm.AsRead),
            ("System.Collections.Generic.HashSet", CollectionKind.Set, CollectionForm.AsRead),
            ("System.Collections.Generic.ISet", CollectionKind.Set, CollectionForm.AsRead),
            ("System.Collections.Generic.IReadOnlySet", CollectionKind.Set, CollectionForm.AsRead),
            ("System.Collections.Immutable.ImmutableArray", CollectionKind.Array, CollectionForm.ImmutableArray),
            ("System.Collections.Immutable.ImmutableList", CollectionKind.Array, CollectionForm.ImmutableList),
            ("System.Collections.Immutable.IImmutableList", CollectionKind.Array, CollectionForm.ImmutableList),
            ("System.Collections.ObjectModel.ReadOnlyCollection", CollectionKind.Array, CollectionForm.ReadOnlyCollection),
            ("System.Collections.Immutable.ImmutableHashSet", CollectionKind.Set, CollectionForm.ImmutableHashSet),
            ("System.Collections.Immutable.IImmutableSet", CollectionKind.Set, CollectionForm.ImmutableHashSet),
            ("System.Collections.Frozen.FrozenSet", CollectionKind.Set, CollectionForm.FrozenSet),
        };

        // The dictionaries read as a JSON object of any property names (a Dictionary<string, T> serves each), and the
        // type each is then handed over as. Sorted ones are not here: their comparer, not JSON, would say which keys are one.
        private static readonly (string Name, CollectionForm Form)[] s_dictionaries =
        {
            ("System.Collections.Generic.Dictionary", CollectionForm.AsRead),
            ("System.Collections.Generic.IDictionary", CollectionForm.AsRead),
            ("System.Collections.Generic.IReadOnlyDictionary", CollectionForm.AsRead),
            ("System.Collections.Immutable.ImmutableDictionary", CollectionForm.ImmutableDictionary),
            ("System.Collections.Immutable.IImmutableDictionary", CollectionForm.ImmutableDictionary),
            ("System.Collections.Frozen.FrozenDictionary", CollectionForm.FrozenDictionary),
            ("System.Collections.ObjectModel.ReadOnlyDictionary", CollectionForm.ReadOnlyDictionary),
        };

        // Sorted collections, refused with their reason.
        private static readonly string[] s_sorted =
        {
            "System.Collections.Generic.SortedSet",
            "System.Collections.Generic.SortedDictionary",
            "System.Collections.Generic.SortedList",
            "System.Collections.Immutable.ImmutableSortedSet",
            "System.Collections.Immutable.ImmutableSortedDictionary",
        };

        /// <summary>How a generic collection of one type argument is read as a JSON array, or null when it is not one.</summary>
        private static (CollectionKind Kind, CollectionForm Form)? ArrayKindOf(INamedTypeSymbol type)
        {
            foreach ((string name, CollectionKind kind, CollectionForm form) in s_arrays)
            {
                if (SymbolNames.Is(type.OriginalDefinition, name, arity: 1))
                {
                    return (kind, form);
                }
            }
            return null;
        }

        /// <summary>What a dictionary of two type arguments is handed over as, or null when it is not one.</summary>
        private static CollectionForm? DictionaryFormOf(INamedTypeSymbol type)
        {
            foreach ((string name, CollectionForm form) in s_dictionaries)
            {
                if (SymbolNames.Is(type.OriginalDefinition, name, arity: 2))
                {
                    return form;
                }
            }
            return null;
        }

        /// <summary>Whether two values of the type are equal exactly when their JSON is (as JSON Schema's uniqueItems compares).</summary>
        private bool EqualityIsJsonEquality(TypeSpec element)
        {
            switch (element.Kind)
            {
                case ValueKind.String:
                case ValueKind.Boolean:
                    return true;
                case ValueKind.Enum:
                    EnumSpec spec = _tables.Enums.First(e => e.Key == element.DefinitionKey);
                    return !spec.IsFlags && spec.Members.Count == spec.Written.Count;
                default:
                    return element.IsNumber; // 1, 1.0 and 1e0 are one number to JSON Schema as to the .NET value
            }
        }

        private static bool IsKnownValueType(ITypeSymbol type)
        {
            if (type is INamedTypeSymbol nullable && nullable.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T)
            {
                type = nullable.TypeArguments[0];
            }
            return PrimitiveKind(type) != null || type.TypeKind == TypeKind.Enum || type is IArrayTypeSymbol;
        }

        private static ValueKind? PrimitiveKind(ITypeSymbol type)
        {
            switch (type.SpecialType)
            {
                case SpecialType.System_String: return ValueKind.String;
                case SpecialType.System_Boolean: return ValueKind.Boolean;
                case SpecialType.System_SByte: return ValueKind.SByte;
                case SpecialType.System_Byte: return ValueKind.Byte;
                case SpecialType.System_Int16: return ValueKind.Int16;
                case SpecialType.System_UInt16: return ValueKind.UInt16;
                case SpecialType.System_Int32: return ValueKind.Int32;
                case SpecialType.System_UInt32: return ValueKind.UInt32;
                case SpecialType.System_Int64: return ValueKind.Int64;
                case SpecialType.System_UInt64: return ValueKind.UInt64;
                case SpecialType.System_Single: return ValueKind.Single;
                case SpecialType.System_Double: return ValueKind.Double;
                case SpecialType.System_Decimal: return ValueKind.Decimal;
            }
            return type is INamedTypeSymbol { Arity: 0 } && SymbolNames.Is(type.ContainingSymbol, "System") && s_namedKinds.TryGetValue(type.Name, out ValueKind kind)
                ? kind : (ValueKind?)null;
        }

        /// <summary>Analyses a value type for reading (input) or writing (output); reports and returns null when unsupported.</summary>
        private TypeSpec? AnalyzeType(ITypeSymbol type, NullableAnnotation annotation, bool forOutput, string where)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            if (type is INamedTypeSymbol nullable && nullable.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T)
            {
                TypeSpec? inner = AnalyzeType(nullable.TypeArguments[0], NullableAnnotation.NotAnnotated, forOutput, where);
                return inner == null ? null : inner with { IsNullable = true, IsNullableValueType = true };
            }

            bool nullableReference = type.IsReferenceType && annotation == NullableAnnotation.Annotated;
            string typeName = TypeNames.OfValue(type);

            ValueKind? primitive = PrimitiveKind(type);
            if (primitive != null)
            {
                return new TypeSpec(primitive.Value, typeName, nullableReference, false, null, CollectionKind.None, null);
            }

            if (type.TypeKind == TypeKind.Enum && type is INamedTypeSymbol enumType)
            {
                string key = Naming.UniqueIdentifier(typeName);
                if (!_tables.Enums.Any(e => e.Key == key))
                {
                    IFieldSymbol[] members = enumType.GetMembers().OfType<IFieldSymbol>().Where(f => f.IsConst).ToArray();
                    string[] names = members.Select(Attributes.EnumMemberJsonName).ToArray();
                    string? clash = names.GroupBy(n => n, System.StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1)?.Key;
                    if (clash != null)
                    {
                        Report($"{where}: two members of the enum '{enumType.Name}' are both the JSON name '{clash}', so a reader could not tell which was sent: give one another [JsonStringEnumMemberName].");
                        return null;
                    }
                    if (names.Any(Attributes.HasLoneSurrogate))
                    {
                        Report($"{where}: a member of the enum '{enumType.Name}' has a JSON name with a lone surrogate, which is not Unicode text and which JSON cannot carry.");
                        return null;
                    }
                    var values = new HashSet<object?>();
                    int[] written = Enumerable.Range(0, members.Length).Where(i => values.Add(members[i].ConstantValue)).ToArray();
                    _tables.Enums.Add(new EnumSpec(key, typeName, names.ToEquatableArray(), members.Select(f => f.Name).ToEquatableArray(), written.ToEquatableArray(),
                        Summary(enumType), Attributes.IsFlags(enumType),
                        members.Any(f => System.Convert.ToDecimal(f.ConstantValue, System.Globalization.CultureInfo.InvariantCulture) == 0)));
                }
                return new TypeSpec(ValueKind.Enum, typeName, false, false, null, CollectionKind.None, key);
            }

            if (type is IArrayTypeSymbol array)
            {
                if (array.Rank != 1)
                {
                    Report($"{where}: multi-dimensional arrays are not supported; use a jagged array or a list.");
                    return null;
                }
                TypeSpec? element = AnalyzeType(array.ElementType, array.ElementNullableAnnotation, forOutput, where);
                return element == null ? null : new TypeSpec(ValueKind.Array, typeName, nullableReference, false, element, CollectionKind.Array, null);
            }

            if (type is INamedTypeSymbol named && ArrayKindOf(named) is (CollectionKind collection, CollectionForm form))
            {
                TypeSpec? element = AnalyzeType(named.TypeArguments[0], named.TypeArgumentNullableAnnotations[0], forOutput, where);
                if (element != null && collection == CollectionKind.Set && !EqualityIsJsonEquality(element))
                {
                    // A set keeps one of two items its type deems equal. Where JSON deems them distinct (two spellings of one
                    // instant, an enum's aliases, a record's members), the schema's uniqueItems and the set would disagree.
                    Report($"{where}: a set's items must be strings, numbers, booleans or enums without aliases, whose equality is JSON's; use a list or an array.");
                    return null;
                }
                return element == null ? null : new TypeSpec(ValueKind.Array, typeName, nullableReference, false, element, collection, null) { Form = form };
            }

            if (type is INamedTypeSymbol dictionary && DictionaryFormOf(dictionary) is CollectionForm dictionaryForm)
            {
                // JSON names are strings. An enum's member names are strings too, one per member when it has no aliases and
                // is not [Flags] (whose combinations would be a second spelling); an integer is its decimal spelling, one
                // per number when no sign but a minus and no leading zero is allowed. Anything else would be many spellings.
                ITypeSymbol keyType = dictionary.TypeArguments[0];
                TypeSpec? key = null;
                if ((keyType.TypeKind == TypeKind.Enum || PrimitiveKind(keyType) is >= ValueKind.SByte and <= ValueKind.UInt64) &&
                    (key = AnalyzeType(keyType, NullableAnnotation.NotAnnotated, forOutput, where)) == null)
                {
                    return null; // reported
                }
                if (keyType.SpecialType != SpecialType.System_String && (key == null || !EqualityIsJsonEquality(key)))
                {
                    Report($"{where}: a dictionary's keys must be strings, integers or enums without aliases or [Flags] ('{type.ToDisplayString()}'); use a Dictionary<string, T>, or a list of records.");
                    return null;
                }
                TypeSpec? value = AnalyzeType(dictionary.TypeArguments[1], dictionary.TypeArgumentNullableAnnotations[1], forOutput, where);
                return value == null ? null : new TypeSpec(ValueKind.Map, typeName, nullableReference, false, value, CollectionKind.Dictionary, null) { Form = dictionaryForm, Key = key };
            }

            // Objects are the author's own records, structs and DTO classes (or records from elsewhere); a framework
            // type's internals are not a JSON contract.
            if (type is INamedTypeSymbol objectType && (objectType.TypeKind == TypeKind.Class || objectType.TypeKind == TypeKind.Struct) &&
                !objectType.IsAbstract && objectType.SpecialType == SpecialType.None && !IsUntypedJson(objectType) &&
                (objectType.IsRecord || SymbolEqualityComparer.Default.Equals(objectType.ContainingAssembly, _compilation.Assembly)))
            {
                string key = Naming.UniqueIdentifier(typeName);
                bool ok = forOutput ? AnalyzeOutputObject(objectType, key, typeName) : AnalyzeInputObject(objectType, key, typeName);
                return ok ? new TypeSpec(ValueKind.Object, typeName, nullableReference, false, null, CollectionKind.None, key) : null;
            }

            if (type is INamedTypeSymbol sorted && SymbolNames.OneOf(sorted.OriginalDefinition, s_sorted, sorted.Arity) != null)
            {
                Report($"{where}: a sorted collection's comparer, not JSON, says which items or keys are one (a culture's comparer finds some different strings equal), so it could drop what a call sent; use an array, a list, a set or a dictionary, and sort in the method.");
                return null;
            }

            if (type.SpecialType == SpecialType.System_DateTime)
            {
                // Not read or written: a DateTime does not say which clock it is on, and a model's "10:00" then means the server's.
                Report($"{where}: a DateTime does not say its offset from UTC; use a DateTimeOffset (a date-time with its offset), or a DateOnly or TimeOnly.");
                return null;
            }
            Report($"{where}: the type '{type.ToDisplayString()}' cannot be {(forOutput ? "written as JSON" : "read from JSON")}. " +
                   "Use a string, a number, a boolean, an enum, a Guid, a date or time type, a Uri, an array, list or set of these, a Dictionary<string, T> of these, or a record of these.");
            return null;
        }

        private bool AnalyzeInputObject(INamedTypeSymbol type, string key, string typeName)
        {
            if (!_tables.InputKeys.Add(key))
            {
                return true; // known or in progress (a recursive type)
            }
            int slot = _tables.InputObjects.Count;
            _tables.InputObjects.Add(null);

            IMethodSymbol? constructor = ChooseConstructor(type);
            if (constructor == null)
            {
                Report($"The type '{type.Name}' has no constructor to build it from JSON: give it one public constructor, or mark one [JsonConstructor].");
                return false;
            }

            var doc = DocComments.Load(type, _cancellationToken);
            List<IPropertySymbol> properties = PublicProperties(type);
            var members = new List<MemberSpec>();
            var covered = new HashSet<string>();
            bool canWith = type.IsRecord || type.TypeKind == TypeKind.Struct;

            foreach (IParameterSymbol parameter in constructor.Parameters)
            {
                // The property a parameter initializes: the one of its name, or of its name in another case (as System.Text.Json matches them).
                IPropertySymbol? property = properties.FirstOrDefault(p => p.Name == parameter.Name) ??
                                            properties.FirstOrDefault(p => string.Equals(p.Name, parameter.Name, System.StringComparison.OrdinalIgnoreCase));
                if (property == null)
                {
                    // Its value could be read but never written back (the audit's canonical arguments, the [Destination]
                    // values flow rules check): System.Text.Json refuses such a type too.
                    Report($"The constructor parameter '{parameter.Name}' of '{type.Name}' has no property of its name, so its value could not be written back: add a public property '{parameter.Name}', or mark another constructor [JsonConstructor].");
                    return false;
                }
                if (Attributes.IsJsonIgnored(property.GetAttributes()))
                {
                    // The author keeps it out of JSON, yet the constructor would take it from the request: a model could set it.
                    Report($"The property '{type.Name}.{property.Name}' is [JsonIgnore], but the constructor takes it, so a request could set it: take it out of the constructor (a property keeps its initializer), or remove [JsonIgnore].");
                    return false;
                }
                covered.Add(property.Name);
                var attributes = parameter.GetAttributes().AddRange(property.GetAttributes());
                string clrName = property.Name;
                MemberSpec? member = InputMember(clrName, parameter.Type, parameter.NullableAnnotation, attributes,
                    required: !parameter.HasExplicitDefaultValue, MemberAssignment.Constructor, type.Name,
                    parameter.HasExplicitDefaultValue ? parameter : null,
                    DocComments.Param(doc, parameter.Name) ?? Summary(property), AbsentIsNull(parameter));
                if (member == null)
                {
                    return false;
                }
                members.Add(member);
            }

            foreach (IPropertySymbol property in properties)
            {
                if (covered.Contains(property.Name) || property.SetMethod == null || property.SetMethod.DeclaredAccessibility != Accessibility.Public)
                {
                    continue;
                }
                if (Attributes.IsJsonIgnored(property.GetAttributes()))
                {
                    if (property.IsRequired)
                    {
                        // Kept out of JSON, yet C# demands it at construction: no reader could build the type (System.Text.Json refuses it too).
                        Report($"The property '{type.Name}.{property.Name}' is both required and [JsonIgnore], so no request could set it: drop one of the two.");
                        return false;
                    }
                    continue;
                }
                bool isInit = property.SetMethod.IsInitOnly;
                MemberAssignment assignment = property.IsRequired ? MemberAssignment.Initializer
                    : !isInit ? MemberAssignment.Setter
                    : canWith ? MemberAssignment.With
                    : MemberAssignment.Initializer;
                if (assignment == MemberAssignment.Initializer && !property.IsRequired)
                {
                    Report($"The property '{type.Name}.{property.Name}' is init-only in a class, so an absent value cannot keep its default: make it settable or required, or make '{type.Name}' a record.");
                    return false;
                }
                MemberSpec? member = InputMember(property.Name, property.Type, property.NullableAnnotation, property.GetAttributes(),
                    required: property.IsRequired, assignment, type.Name, null, Summary(property), AbsentIsNull(property));
                if (member == null)
                {
                    return false;
                }
                if (!property.IsRequired && KeepsDefaultValue(property) && ZeroProblem(member.Type, member.Constraints, "it") is string zero)
                {
                    // As a parameter's `= default` is refused: a call that left it out would hand the method what no call may send.
                    Report($"The property '{type.Name}.{property.Name}' is optional and starts as its type's default, in which {zero}, which no call could send: make it required, give it an initializer, or make it nullable.");
                    return false;
                }
                members.Add(member);
            }

            if (!DistinctJsonNames(type, members))
            {
                return false;
            }
            _tables.InputObjects[slot] = new ObjectSpec(key, typeName, members.ToEquatableArray(), Summary(type), type.IsValueType);
            return true;
        }

        /// <summary>
        /// The type's public instance properties and those it inherits (System.Text.Json's set, in its order: the type's
        /// own first, then each base type's), a property hidden or overridden by a derived one counted once.
        /// </summary>
        private static List<IPropertySymbol> PublicProperties(INamedTypeSymbol type)
        {
            var properties = new List<IPropertySymbol>();
            var names = new HashSet<string>();
            for (INamedTypeSymbol? current = type; current != null; current = current.BaseType)
            {
                foreach (IPropertySymbol property in current.GetMembers().OfType<IPropertySymbol>())
                {
                    if (!property.IsStatic && !property.IsIndexer && names.Add(property.Name) && property.DeclaredAccessibility == Accessibility.Public)
                    {
                        properties.Add(property);
                    }
                }
            }
            return properties;
        }

        /// <summary>
        /// An optional value that is null when left out takes null whatever its annotation says: a sent null means what
        /// leaving it out means, and the canonical form (which writes the value) reads back. A required one does not.
        /// </summary>
        private static TypeSpec NullWhenAbsentIsNull(TypeSpec type, bool absentIsNull, bool required) =>
            absentIsNull && !required && !type.IsNullable ? type with { IsNullable = true } : type;

        /// <summary>A reference-typed parameter whose default is <c>null</c>.</summary>
        private static bool AbsentIsNull(IParameterSymbol parameter) =>
            parameter is { HasExplicitDefaultValue: true, ExplicitDefaultValue: null, Type.IsReferenceType: true };

        /// <summary>
        /// A reference-typed auto-property of the author's with no initializer (one with a body may keep a value of its own,
        /// and one from metadata cannot be seen).
        /// </summary>
        private static bool AbsentIsNull(IPropertySymbol property) => property.Type.IsReferenceType && KeepsDefaultValue(property);

        /// <summary>
        /// An auto-property of the author's that starts as its type's default: no initializer, or one that spells the default
        /// (<c>= default</c>, <c>= null</c>, and the same with <c>!</c>, which only silences the nullable warning) (one with a
        /// body may keep a value of its own, and one from metadata cannot be seen).
        /// </summary>
        private static bool KeepsDefaultValue(IPropertySymbol property) =>
            property.DeclaringSyntaxReferences.Length > 0 &&
            property.DeclaringSyntaxReferences.All(r => r.GetSyntax() is PropertyDeclarationSyntax declaration &&
                (declaration.Initializer == null || SpellsDefault(declaration.Initializer.Value)) &&
                declaration.ExpressionBody == null &&
                declaration.AccessorList != null && declaration.AccessorList.Accessors.All(a => a.Body == null && a.ExpressionBody == null));

        private static bool SpellsDefault(ExpressionSyntax value)
        {
            while (value is ParenthesizedExpressionSyntax || value.IsKind(SyntaxKind.SuppressNullableWarningExpression))
            {
                value = value is ParenthesizedExpressionSyntax parenthesized ? parenthesized.Expression : ((PostfixUnaryExpressionSyntax)value).Operand;
            }
            return value.IsKind(SyntaxKind.DefaultLiteralExpression) || value.IsKind(SyntaxKind.DefaultExpression) || value.IsKind(SyntaxKind.NullLiteralExpression);
        }

        /// <summary>
        /// Where a type's default (<c>default(T)</c>: null references, a default ImmutableArray, zero numbers, and the same
        /// all through a struct's members) holds what no call may send, said of <paramref name="path"/>; null when it is a
        /// value like any other. A struct's members are zero in its default whatever its constructor would give them.
        /// </summary>
        private string? ZeroProblem(TypeSpec type, Constraints constraints, string path)
        {
            if (type.IsNullable)
            {
                return null;
            }
            switch (type.Kind)
            {
                case ValueKind.Object:
                    ObjectSpec? spec = _tables.InputObjects.FirstOrDefault(o => o != null && o.Key == type.DefinitionKey);
                    if (spec == null || !spec.IsValueType)
                    {
                        return path + " is null";
                    }
                    foreach (MemberSpec member in spec.Members)
                    {
                        if (ZeroProblem(member.Type, member.Constraints, (path == "it" ? "" : path + ".") + member.ClrName) is string problem)
                        {
                            return problem;
                        }
                    }
                    return null;
                case ValueKind.Array:
                    return path + (type.IsStructCollection ? " is a default ImmutableArray, which holds no array (using it throws)" : " is null");
                case ValueKind.String:
                case ValueKind.Uri:
                case ValueKind.Map:
                    return path + " is null";
                case ValueKind.Enum:
                    EnumSpec spelled = _tables.Enums.First(e => e.Key == type.DefinitionKey);
                    return spelled.IsFlags || spelled.HasZero ? null : path + " is 0, which no member of the enum names";
                default:
                    return type.IsNumber && !Attributes.InRange(0, constraints) ? path + " is 0, outside its declared [Range]" : null;
            }
        }

        /// <summary>
        /// A parameter's default (a tool's or a record constructor's) as a literal and as JSON; false, with TT9001 at
        /// <paramref name="where"/>, when it cannot be one. No default (null source, or none declared) is fine.
        /// </summary>
        private bool ReadDefault(IParameterSymbol? source, TypeSpec type, Constraints constraints, string where, out string? literal, out string? json)
        {
            literal = json = null;
            if (source == null || !source.HasExplicitDefaultValue)
            {
                return true;
            }
            string? problem = Attributes.ReadDefault(source.ExplicitDefaultValue, source.Type, type, constraints, out string written, out json);
            if (problem == null && source.ExplicitDefaultValue == null && ZeroProblem(type, constraints, "it") is string zero)
            {
                problem = $"its default is its type's default, in which {zero}, which no call could send: make it required, or nullable with a null default.";
            }
            literal = written;
            if (problem != null)
            {
                Report($"{where}: {problem}");
            }
            return problem == null;
        }

        /// <summary>Two members of one JSON object may not share a name: one of them could never be read (System.Text.Json refuses such a type too).</summary>
        private bool DistinctJsonNames(INamedTypeSymbol type, List<MemberSpec> members)
        {
            var byName = new Dictionary<string, string>(System.StringComparer.Ordinal);
            foreach (MemberSpec member in members)
            {
                if (byName.TryGetValue(member.JsonName, out string? other))
                {
                    Report($"The members '{type.Name}.{other}' and '{type.Name}.{member.ClrName}' are both the JSON property '{member.JsonName}'; give one another name ([JsonPropertyName]).");
                    return false;
                }
                byName.Add(member.JsonName, member.ClrName);
            }
            return true;
        }

        private MemberSpec? InputMember(string clrName, ITypeSymbol memberType, NullableAnnotation annotation,
            System.Collections.Immutable.ImmutableArray<AttributeData> attributes, bool required, MemberAssignment assignment,
            string typeName, IParameterSymbol? defaultSource, string? xmlDescription, bool absentIsNull)
        {
            TypeSpec? type = AnalyzeType(memberType, annotation, forOutput: false, $"{typeName}.{clrName}");
            if (type == null)
            {
                return null;
            }
            Constraints constraints = Attributes.ReadConstraints(attributes, type, ref required, out string? problem);
            type = NullWhenAbsentIsNull(type, absentIsNull, required);
            if (problem != null)
            {
                Report($"{typeName}.{clrName}: {problem}");
                return null;
            }
            if (Attributes.Find(attributes, Attributes.AllowedPath) != null || Attributes.Find(attributes, Attributes.AllowedDomain) != null ||
                Attributes.Find(attributes, Attributes.Secret) != null)
            {
                // A guard the generator would not apply must not look applied.
                Report($"{typeName}.{clrName}: [AllowedPath], [AllowedDomain] and [Secret] apply to a tool method's own parameters, not to members of argument types.");
                return null;
            }
            if (!ReadDefault(defaultSource, type, constraints, $"{typeName}.{clrName}", out string? defaultLiteral, out string? defaultJson))
            {
                return null;
            }
            string jsonName = Attributes.JsonName(attributes) ?? Naming.CamelCase(clrName);
            bool destination = Attributes.Find(attributes, Attributes.Destination) != null && CheckDestination(type, $"{typeName}.{clrName}");
            return new MemberSpec(clrName, jsonName, type, required, assignment, defaultLiteral, defaultJson, constraints,
                Attributes.Description(attributes) ?? xmlDescription, IsDestination: destination);
        }

        private bool AnalyzeOutputObject(INamedTypeSymbol type, string key, string typeName)
        {
            if (!_tables.OutputKeys.Add(key))
            {
                return true;
            }
            int slot = _tables.OutputObjects.Count;
            _tables.OutputObjects.Add(null);
            var doc = DocComments.Load(type, _cancellationToken);
            var members = new List<MemberSpec>();
            foreach (IPropertySymbol property in PublicProperties(type))
            {
                if (property.GetMethod == null || property.GetMethod.DeclaredAccessibility != Accessibility.Public ||
                    Attributes.IsJsonIgnored(property.GetAttributes()) || (type.IsRecord && property.Name == "EqualityContract"))
                {
                    continue;
                }
                TypeSpec? memberType = AnalyzeType(property.Type, property.NullableAnnotation, forOutput: true, $"{type.Name}.{property.Name}");
                if (memberType == null)
                {
                    return false;
                }
                var attributes = property.GetAttributes();
                members.Add(new MemberSpec(property.Name, Attributes.JsonName(attributes) ?? Naming.CamelCase(property.Name), memberType,
                    IsRequired: true, MemberAssignment.Setter, null, null, Constraints.None,
                    Attributes.Description(attributes) ?? Summary(property) ?? DocComments.Param(doc, property.Name)));
            }
            if (!DistinctJsonNames(type, members))
            {
                return false;
            }
            _tables.OutputObjects[slot] = new ObjectSpec(key, typeName, members.ToEquatableArray(), Summary(type), type.IsValueType);
            return true;
        }

        private static IMethodSymbol? ChooseConstructor(INamedTypeSymbol type)
        {
            IMethodSymbol[] constructors = type.InstanceConstructors
                .Where(c => c.DeclaredAccessibility == Accessibility.Public && !IsCopyConstructor(c, type))
                .ToArray();
            IMethodSymbol? marked = constructors.FirstOrDefault(IsJsonConstructor);
            if (marked != null)
            {
                return marked;
            }
            IMethodSymbol[] withParameters = constructors.Where(c => c.Parameters.Length > 0).ToArray();
            if (withParameters.Length == 1)
            {
                return withParameters[0];
            }
            return constructors.FirstOrDefault(c => c.Parameters.Length == 0);
        }

        private static bool IsJsonConstructor(IMethodSymbol constructor) =>
            constructor.GetAttributes().Any(a => SymbolNames.Is(a.AttributeClass, "System.Text.Json.Serialization.JsonConstructorAttribute"));

        private static bool IsCopyConstructor(IMethodSymbol constructor, INamedTypeSymbol type) =>
            constructor.Parameters.Length == 1 && SymbolEqualityComparer.Default.Equals(constructor.Parameters[0].Type, type);

        /// <summary>
        /// What the method returns, and how it becomes a result. <paramref name="outputSchemaType"/> is the SDK's
        /// <c>OutputSchemaType</c>: for a method that builds its <c>CallToolResult</c> itself, the type whose schema its
        /// structured content keeps (published, and checked on every result like any output schema); any other method's
        /// output schema is its return type's, so another type there would be a promise the writer does not keep.
        /// </summary>
        private ResultSpec? ParseResult(ITypeSymbol returnType, ITypeSymbol? outputSchemaType)
        {
            ResultSpec? result = ParseResult(returnType);
            if (outputSchemaType == null || result == null)
            {
                return result;
            }
            TypeSpec? schema = AnalyzeType(outputSchemaType, NullableAnnotation.NotAnnotated, forOutput: true, "The OutputSchemaType");
            if (schema == null)
            {
                return null;
            }
            if (result.Kind == ResultKind.CallToolResult)
            {
                return result with { Type = schema, WrapInResult = schema.Kind != ValueKind.Object };
            }
            if (result.Kind == ResultKind.Structured && result.Type!.NonNullable == schema)
            {
                return result; // the return type's own schema, named twice
            }
            Report($"OutputSchemaType ('{outputSchemaType.ToDisplayString()}') is for a tool that returns CallToolResult; this tool's output schema is its return type's.");
            return null;
        }

        private ResultSpec? ParseResult(ITypeSymbol returnType)
        {
            AsyncKind async = AsyncKind.None;
            ITypeSymbol? valueType = returnType;
            string name = returnType is INamedTypeSymbol n ? n.OriginalDefinition.ToDisplayString() : "";
            switch (name)
            {
                case "System.Threading.Tasks.Task":
                    return new ResultSpec(ResultKind.Void, AsyncKind.Task, null, false);
                case "System.Threading.Tasks.ValueTask":
                    return new ResultSpec(ResultKind.Void, AsyncKind.ValueTask, null, false);
                case "System.Threading.Tasks.Task<TResult>":
                    async = AsyncKind.Task;
                    valueType = ((INamedTypeSymbol)returnType).TypeArguments[0];
                    break;
                case "System.Threading.Tasks.ValueTask<TResult>":
                    async = AsyncKind.ValueTask;
                    valueType = ((INamedTypeSymbol)returnType).TypeArguments[0];
                    break;
            }
            if (valueType.SpecialType == SpecialType.System_Void)
            {
                return new ResultSpec(ResultKind.Void, AsyncKind.None, null, false);
            }
            if (valueType.SpecialType == SpecialType.System_String)
            {
                return new ResultSpec(ResultKind.Text, async, null, false);
            }
            if (TypeNames.Of(valueType) == "global::ModelContextProtocol.Protocol.CallToolResult")
            {
                return new ResultSpec(ResultKind.CallToolResult, async, null, false);
            }
            if (IsContentBlock(valueType))
            {
                return new ResultSpec(ResultKind.ContentBlock, async, null, false);
            }
            if (valueType.AllInterfaces.Concat(valueType is INamedTypeSymbol self ? new[] { self } : new INamedTypeSymbol[0])
                .Any(i => i.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T && IsContentBlock(i.TypeArguments[0])))
            {
                return new ResultSpec(ResultKind.ContentBlocks, async, null, false);
            }
            NullableAnnotation annotation = returnType is INamedTypeSymbol wrapper && async != AsyncKind.None
                ? wrapper.TypeArgumentNullableAnnotations[0]
                : returnType.NullableAnnotation;
            TypeSpec? type = AnalyzeType(valueType, annotation, forOutput: true, "The return value");
            if (type == null)
            {
                return null;
            }
            // Structured content must be a JSON object; anything else (or an object that may be null) is wrapped.
            bool wrap = type.Kind != ValueKind.Object || type.IsNullable;
            return new ResultSpec(ResultKind.Structured, async, type, wrap);
        }

        private static bool IsContentBlock(ITypeSymbol type)
        {
            for (ITypeSymbol? t = type; t != null; t = t.BaseType)
            {
                if (TypeNames.Of(t) == "global::ModelContextProtocol.Protocol.ContentBlock")
                {
                    return true;
                }
            }
            return false;
        }

        private string? Summary(ISymbol? symbol) => symbol == null ? null : DocComments.Summary(DocComments.Load(symbol, _cancellationToken));
    }
}
