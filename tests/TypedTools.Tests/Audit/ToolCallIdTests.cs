using TypedTools;
using Xunit;

namespace TypedTools.Tests.Audit;

public sealed class ToolCallIdTests
{
    [Fact]
    public void Ids_are_uuid_version_7_in_the_guid_n_form_and_carry_the_time()
    {
        long before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        string id = ToolCallIds.Create();
        long after = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        Assert.Matches("^[0-9a-f]{32}$", id);
        var guid = Guid.ParseExact(id, "N");
        Assert.Equal(id, guid.ToString("N"));
        Assert.Equal(7, guid.Version);
        Assert.Equal(0b10, Convert.ToInt32(id[16].ToString(), 16) >> 2);
        long milliseconds = Convert.ToInt64(id[..12], 16);
        Assert.InRange(milliseconds, before, after);
    }

    [Fact]
    public void Ids_are_unique_and_sorted_by_creation_within_a_process_even_from_many_threads()
    {
        var sequential = Enumerable.Range(0, 10_000).Select(_ => ToolCallIds.Create()).ToArray();
        // In order, but for the one place the counter may wrap (it starts at a random value).
        int descents = sequential.Zip(sequential.Skip(1)).Count(pair => string.CompareOrdinal(pair.First, pair.Second) >= 0);
        Assert.InRange(descents, 0, 1);

        var concurrent = new System.Collections.Concurrent.ConcurrentBag<string>();
        Parallel.For(0, 8, _ =>
        {
            for (int i = 0; i < 20_000; i++)
            {
                concurrent.Add(ToolCallIds.Create());
            }
        });
        Assert.Equal(160_000 + sequential.Length, concurrent.Concat(sequential).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void The_counter_runs_into_the_low_bits_and_the_process_bits_stay_fixed()
    {
        Span<byte> first = stackalloc byte[16];
        Span<byte> second = stackalloc byte[16];
        ToolCallIds.Write(first, 1_700_000_000_000, uint.MaxValue);
        ToolCallIds.Write(second, 1_700_000_000_000, 0);

        // Same time and process: only the counter's 32 bits differ.
        Assert.True(first[..12].SequenceEqual(second[..12]));
        Assert.Equal([0xFF, 0xFF, 0xFF, 0xFF], first[12..].ToArray());
        Assert.Equal([0, 0, 0, 0], second[12..].ToArray());
        Assert.Equal(0x70, first[6] & 0xF0);   // version 7
        Assert.Equal(0x80, first[8] & 0xC0);   // variant 10
    }
}
