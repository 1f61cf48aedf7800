using System.Runtime.InteropServices;
using System.Text.Json;
using CsCheck;
using TypedTools.Arguments;
using Xunit;

namespace TypedTools.Tests.Parsing;

/// <summary>The fast path for common decimal spellings gives exactly what System.Text.Json's parser gives: value and scale.</summary>
public sealed class DecimalParsingTests
{
    private static (bool Fast, decimal Value) Both(string number, out decimal general)
    {
        using JsonDocument document = JsonDocument.Parse(number);
        JsonElement element = document.RootElement;
        bool readable = element.TryGetDecimal(out general);
        bool fast = JsonNumberText.TryParseSimpleDecimal(JsonMarshal.GetRawUtf8Value(element), out decimal value);
        Assert.True(readable || !fast, "the fast path accepted a number the general parser refuses: " + number);
        return (fast, value);
    }

    [Theory]
    [InlineData("9.99", true)]
    [InlineData("19.5", true)]
    [InlineData("1.50", true)]
    [InlineData("-120", true)]
    [InlineData("0.5", true)]
    [InlineData("-0.00000000000000001", true)]
    [InlineData("0.000000000000000001", false)]
    [InlineData("123456789012345678", true)]
    [InlineData("1234567890123456789", false)]
    [InlineData("0", false)]
    [InlineData("-0", false)]
    [InlineData("0.0", false)]
    [InlineData("1e2", false)]
    [InlineData("1.5E-3", false)]
    public void Common_spellings_take_the_fast_path_with_the_same_value_and_scale(string number, bool fast)
    {
        (bool took, decimal value) = Both(number, out decimal general);

        Assert.Equal(fast, took);
        if (took)
        {
            Assert.Equal(decimal.GetBits(general), decimal.GetBits(value));
            Assert.Equal(general.ToString(System.Globalization.CultureInfo.InvariantCulture), value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public void Whatever_the_fast_path_accepts_it_reads_exactly_as_the_general_parser()
    {
        Gen<string> digits = Gen.String[Gen.Char['0', '9'], 1, 22];
        Gen<string> number =
            from negative in Gen.Bool
            from integer in Gen.OneOf(Gen.Const("0"), from first in Gen.Char['1', '9'] from rest in Gen.String[Gen.Char['0', '9'], 0, 20] select first + rest)
            from fraction in Gen.OneOf(Gen.Const(""), digits.Select(d => "." + d))
            from exponent in Gen.Frequency((4, Gen.Const("")), (1, Gen.Int[-30, 30].Select(e => "e" + e)))
            select (negative ? "-" : "") + integer + fraction + exponent;

        number.Sample(text =>
        {
            (bool took, decimal value) = Both(text, out decimal general);
            if (took)
            {
                Assert.Equal(decimal.GetBits(general), decimal.GetBits(value));
            }
        }, iter: 50_000);
    }
}
