using System.Globalization;
using System.Numerics;
using System.Text.RegularExpressions;
using TypedTools.Generator.Helpers;
using Xunit;

namespace TypedTools.Generator.Tests;

/// <summary>
/// The pattern an integer-keyed dictionary publishes as its <c>propertyNames</c> matches exactly the canonical spellings
/// of the integers in its key type's range.
/// </summary>
public sealed class IntegerPatternTests
{
    private static readonly string[] s_nearMisses = ["", "-", "+1", "01", "-0", "-01", "00", "1.0", "1e2", " 1", "1 ", "0x1", "١"];

    [Fact]
    public void Every_small_range_matches_exactly_its_numbers()
    {
        // Every range with ends in -130..130, checked on every number from -1,100 to 1,100.
        for (int min = -130; min <= 130; min += 7)
        {
            for (int max = min; max <= 130; max += 11)
            {
                var pattern = new Regex(IntegerPattern.Of(Text(min), Text(max)), RegexOptions.CultureInvariant);
                for (int n = -1_100; n <= 1_100; n++)
                {
                    Assert.True(pattern.IsMatch(Text(n)) == (n >= min && n <= max), $"[{min}, {max}] on {n}: {pattern}");
                }
                Assert.DoesNotContain(s_nearMisses, pattern.IsMatch);
            }
        }
    }

    [Theory]
    [InlineData("-128", "127")]
    [InlineData("0", "255")]
    [InlineData("-32768", "32767")]
    [InlineData("0", "65535")]
    [InlineData("-2147483648", "2147483647")]
    [InlineData("0", "4294967295")]
    [InlineData("-9223372036854775808", "9223372036854775807")]
    [InlineData("0", "18446744073709551615")]
    public void A_key_types_range_matches_its_ends_and_not_one_past_them(string min, string max)
    {
        var pattern = new Regex(IntegerPattern.Of(min, max), RegexOptions.CultureInvariant);
        BigInteger low = BigInteger.Parse(min, CultureInfo.InvariantCulture), high = BigInteger.Parse(max, CultureInfo.InvariantCulture);
        var random = new Random(7);
        var inside = new List<BigInteger> { low, high, 0, 1, low + 1, high - 1, high / 10, high / 10 + 1, high / 10 * 10 - 1 };
        for (int i = 0; i < 2_000; i++)
        {
            inside.Add(low + new BigInteger(random.NextDouble() * (double)(high - low)));
        }
        foreach (BigInteger n in inside.Where(n => n >= low && n <= high))
        {
            Assert.Matches(pattern, n.ToString(CultureInfo.InvariantCulture));
        }
        foreach (BigInteger n in new[] { low - 1, high + 1, high * 10, low - 10, high + 10, -high * 10 - 1 })
        {
            Assert.DoesNotMatch(pattern, n.ToString(CultureInfo.InvariantCulture));
        }
        Assert.DoesNotContain(s_nearMisses, pattern.IsMatch);
    }

    private static string Text(int n) => n.ToString(CultureInfo.InvariantCulture);
}
