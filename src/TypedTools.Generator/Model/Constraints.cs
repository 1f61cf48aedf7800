namespace TypedTools.Generator.Model
{
    /// <summary>
    /// Validation declared with data annotations, in the forms both the parser (C# literals) and the schema (JSON
    /// numbers) need. Lengths count items for arrays and code points for strings; a null maximum means the
    /// project-wide limit (<see cref="GeneratorOptions"/>), applied when the tool is finalised.
    /// </summary>
    internal sealed record Constraints(
        int MinLength,
        int? MaxLength,
        string? Pattern,
        NumericBound? Minimum,
        NumericBound? Maximum)
    {
        public static readonly Constraints None = new Constraints(0, null, null, null, null);
    }

    /// <summary>A range bound: a C# literal of the value's type, the same number as JSON, and whether it is exclusive.</summary>
    internal sealed record NumericBound(string CSharpLiteral, string JsonNumber, bool Exclusive);
}
