using System.Buffers;
using System.Text;
using System.Text.Json;
using TypedTools.Audit;
using Xunit;

namespace TypedTools.Tests.Audit;

/// <summary>The audit line's durations are written by hand (cheaper than formatting a double); they must read exactly as before.</summary>
public sealed class AuditNumberTests
{
    public static TheoryData<double> Edges => new()
    {
        0, 0.0004, 0.0005, 0.0015, 0.001, 0.01, 0.1, 0.5, 1, 1.5, 2.25, 0.125, 0.1234, 0.9995, 9.9999, 10, 999.9996, 1234.5678,
        86_400_000.123, 999_999_999_999.999, -0.001, -1.5, -0.0004, 1e12, 1e15, double.NaN, double.PositiveInfinity, -0.0,
    };

    [Theory]
    [MemberData(nameof(Edges))]
    public void Durations_are_written_as_math_round_to_three_decimals_prints_them(double value) =>
        Assert.Equal(Expected(value), Written(value));

    [Fact]
    public void Random_durations_are_written_as_before()
    {
        var random = new Random(7);
        for (int i = 0; i < 200_000; i++)
        {
            double value = random.Next(4) switch
            {
                0 => random.NextDouble(),
                1 => random.NextDouble() * 100,
                2 => random.NextDouble() * 1e7,
                _ => Math.Round(random.NextDouble() * 50, random.Next(5)),
            };
            Assert.NotEqual(0, AuditChain.FormatMilliseconds(value, new byte[32]));
            Assert.Equal(Expected(value), Written(value));
        }
    }

    private static string Expected(double value)
    {
        if (!double.IsFinite(value))
        {
            return "(none)";
        }
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteNumberValue(Math.Round(value, 3));
        }
        return Encoding.ASCII.GetString(buffer.WrittenSpan);
    }

    private static string Written(double value)
    {
        if (!double.IsFinite(value))
        {
            return AuditChain.FormatMilliseconds(value, new byte[32]) == 0 ? "(none)" : "formatted";
        }
        Span<byte> text = stackalloc byte[32];
        int length = AuditChain.FormatMilliseconds(value, text);
        // Outside its range the formatter declines and the writer formats the double itself (the old way).
        return length == 0 ? Expected(value) : Encoding.ASCII.GetString(text[..length]);
    }
}
