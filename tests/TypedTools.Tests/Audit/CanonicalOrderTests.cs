using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Protocol;
using TypedTools.Arguments;
using TypedTools.Audit;
using TypedTools.Tests.Harness;
using TypedTools.Tests.Tools;
using Xunit;

namespace TypedTools.Tests.Audit;

/// <summary>
/// Canonical arguments (what the audit records and a confirmation's hash binds) list a set's items and a dictionary's
/// entries in one order, whatever order the call sent them in and whatever order the collection enumerates in: a
/// hashed set of strings enumerates in an order .NET randomizes per process.
/// </summary>
public sealed class CanonicalOrderTests
{
    [Fact]
    public void Strings_and_keys_are_ordered_by_UTF16_code_unit()
    {
        // By code unit, as RFC 8785 orders properties: "B" before "a" (a culture's order puts them the other way round), and
        // an emoji (a surrogate pair, 0xD83D...) before U+FFFD, where code point order would put it after.
        string[] items = ["\uFFFD", "a", "\U0001F600", "", "é", "B"];
        string[] expected = ["", "B", "a", "é", "\U0001F600", "\uFFFD"];

        Assert.Equal(expected, Enumerate(CanonicalOrder.Items(items.ToHashSet())));
        Assert.Equal(expected, EnumerateKeys(CanonicalOrder.Entries(items.ToDictionary(i => i, i => i.Length))));
    }

    [Fact]
    public void Numbers_booleans_and_enums_are_ordered_by_value_with_null_first()
    {
        Assert.Equal([null, -1, 9, 10], Enumerate(CanonicalOrder.Items(new HashSet<int?> { 10, null, -1, 9 })));
        Assert.Equal([-0.5m, 1.0m, 2m], Enumerate(CanonicalOrder.Items(new HashSet<decimal> { 2m, 1.0m, -0.5m })));
        Assert.Equal([false, true], Enumerate(CanonicalOrder.Items(new HashSet<bool> { true, false })));
        Assert.Equal([Color.Red, Color.Green, Color.Blue], Enumerate(CanonicalOrder.Items(new HashSet<Color> { Color.Blue, Color.Red, Color.Green })));
    }

    [Fact]
    public void A_collection_that_cannot_say_its_count_is_read_whole()
    {
        // An iterator says no count, so the pooled array starts small and grows as the items come.
        static IEnumerable<int> Descending(int count)
        {
            for (int i = count; i > 0; i--)
            {
                yield return i;
            }
        }

        Assert.Equal(Enumerable.Range(1, 1_000), Enumerate(CanonicalOrder.Items(Descending(1_000))));
        Assert.Empty(Enumerate(CanonicalOrder.Items(Descending(0))));
        Assert.Empty(Enumerate(CanonicalOrder.Items(new HashSet<string>())));
    }

    [Fact]
    public async Task The_audit_lists_sets_and_dictionaries_in_one_order_whatever_order_the_call_sent()
    {
        // Twenty names, so that a hashed set's own order matching the canonical one by chance is out of the question.
        string[] names = [.. Enumerable.Range(0, 20).Select(i => "name" + ((i * 7) % 20).ToString("00", System.Globalization.CultureInfo.InvariantCulture))];
        string Immutables(IEnumerable<string> order, string ids, string counts) =>
            $$$"""
            {"tags":["b","a"],"points":[],"ids":{{{ids}}},"names":{{{JsonSerializer.Serialize(order)}}},"counts":{{{counts}}},
             "colors":{"sky":"Blue","grass":"Green"},"lines":[],"labels":{"z":"1","a":"2"}}
            """;
        const string SetsAsSent = """{"tags":["b","a","c"],"ids":[3,-1,2],"colors":["Blue","Red"]}""";
        const string MapsAsSent = """{"labels":{"b":"x","a":"y"},"points":{"q":null,"p":{"x":1,"y":2}},"colors":{"c":"Red","B":"Blue"}}""";

        var sink = new MemoryAuditSink();
        await using (InMemoryServer server = await InMemoryServer.StartAsync(s => s.AddSingleton<ICounter, Counter>().AddSingleton<IAuditSink>(sink)))
        {
            foreach ((string tool, string json) in new[]
                     {
                         ("immutables", Immutables(names, "[30,-2,7]", """{"two":2,"one":1,"Ten":10}""")),
                         ("immutables", Immutables(names.Reverse(), "[7,30,-2]", """{"Ten":10,"one":1,"two":2}""")),
                         ("sets", SetsAsSent),
                         ("sets", """{"colors":["Red","Blue"],"ids":[2,3,-1],"tags":["c","a","b"]}"""),
                         ("maps", MapsAsSent),
                         ("maps", """{"colors":{"B":"Blue","c":"Red"},"points":{"p":{"x":1,"y":2},"q":null},"labels":{"a":"y","b":"x"}}"""),
                         ("enum_maps", """{"counts":{"Red":1,"Blue":2},"notes":{"on hold":[],"Done":["d"],"in-progress":[]}}"""),
                         ("enum_maps", """{"notes":{"in-progress":[],"Done":["d"],"on hold":[]},"counts":{"Blue":2,"Red":1}}"""),
                         ("int_maps", """{"lines":{"9":"a","10":"b","-1":"c"}}"""),
                         ("int_maps", """{"lines":{"-1":"c","9":"a","10":"b"}}"""),
                     })
            {
                Refusals.AssertOk(await server.Client.CallToolAsync(tool, Json.Args(json), cancellationToken: TestContext.Current.CancellationToken));
            }
            // Results keep the collection's own order: a Dictionary echoes the order it was sent in.
            CallToolResult echoed = await server.Client.CallToolAsync("maps", Json.Args(MapsAsSent), cancellationToken: TestContext.Current.CancellationToken);
            Assert.Equal("""{"b":"x","a":"y"}""", echoed.StructuredContent!.Value.GetProperty("labels").GetRawText());
        }

        string[] arguments = [.. sink.Lines().Select(l => JsonDocument.Parse(l).RootElement)
            .Where(r => r.GetProperty("type").GetString() == "decision")
            .Select(r => r.GetProperty("arguments").GetRawText())];
        Assert.Equal(11, arguments.Length);
        Assert.Equal(arguments[0], arguments[1]);
        Assert.Equal(arguments[2], arguments[3]);
        Assert.Equal(arguments[4], arguments[5]);
        Assert.Equal(arguments[6], arguments[7]);
        Assert.Equal(arguments[8], arguments[9]);

        JsonElement immutables = JsonDocument.Parse(arguments[0]).RootElement;
        Assert.Equal(names.Order(StringComparer.Ordinal), immutables.GetProperty("names").EnumerateArray().Select(n => n.GetString()));
        Assert.Equal("[-2,7,30]", immutables.GetProperty("ids").GetRawText());
        Assert.Equal("""{"Ten":10,"one":1,"two":2}""", immutables.GetProperty("counts").GetRawText());
        Assert.Equal("""{"grass":"Green","sky":"Blue"}""", immutables.GetProperty("colors").GetRawText());
        Assert.Equal("""{"a":"2","z":"1"}""", immutables.GetProperty("labels").GetRawText());
        Assert.Equal("""["b","a"]""", immutables.GetProperty("tags").GetRawText()); // an array keeps its order: it is not a set

        JsonElement sets = JsonDocument.Parse(arguments[2]).RootElement;
        Assert.Equal("""["a","b","c"]""", sets.GetProperty("tags").GetRawText());
        Assert.Equal("[-1,2,3]", sets.GetProperty("ids").GetRawText());
        Assert.Equal("""["Red","Blue"]""", sets.GetProperty("colors").GetRawText()); // enums by value: Red is 0, Blue 2

        JsonElement maps = JsonDocument.Parse(arguments[4]).RootElement;
        Assert.Equal("""{"a":"y","b":"x"}""", maps.GetProperty("labels").GetRawText());
        Assert.Equal("""{"p":{"x":1,"y":2},"q":null}""", maps.GetProperty("points").GetRawText());
        Assert.Equal("""{"B":"Blue","c":"Red"}""", maps.GetProperty("colors").GetRawText());

        // Enum keys by the names they are written as (as string keys are), not by value: Blue (2) before Red (0).
        JsonElement enumMaps = JsonDocument.Parse(arguments[6]).RootElement;
        Assert.Equal("""{"Blue":2,"Red":1}""", enumMaps.GetProperty("counts").GetRawText());
        Assert.Equal("""{"Done":["d"],"in-progress":[],"on hold":[]}""", enumMaps.GetProperty("notes").GetRawText());

        // Integer keys by their spellings too, as RFC 8785 orders names: "-1", "10", "9".
        Assert.Equal("""{"-1":"c","10":"b","9":"a"}""", JsonDocument.Parse(arguments[8]).RootElement.GetProperty("lines").GetRawText());
    }

    private static List<T> Enumerate<T>(SortedItems<T> items)
    {
        var list = new List<T>();
        foreach (T item in items)
        {
            list.Add(item);
        }
        return list;
    }

    private static List<string> EnumerateKeys<T>(SortedItems<KeyValuePair<string, T>> entries)
    {
        var keys = new List<string>();
        foreach (KeyValuePair<string, T> entry in entries)
        {
            keys.Add(entry.Key);
        }
        return keys;
    }
}
