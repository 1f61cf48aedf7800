using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using TypedTools.Tests.Harness;
using Xunit;

namespace TypedTools.Tests.EndToEnd;

public sealed record Person(string Name, int Age);

/// <summary>One method, served twice: by TypedTools (generated) and by the SDK's reflection binding.</summary>
public static class ComparisonTools
{
    /// <summary>A tool with an icon and _meta entries of every kind (an MCP App's UI resource among them).</summary>
    [McpServerTool(Name = "decorated", Title = "Decorated", IconSource = "https://example.org/icon.png"), ReadOnly]
    [McpMeta("ui/resourceUri", "ui://widget/card.html"), McpMeta("priority", 2.5), McpMeta("beta", true), McpMeta("none", null)]
    [McpMeta("config", JsonValue = """{"sizes":[1,2],"label":"\u00e9 \"q\""}""")]
    public static string Decorated(string text) => text;

    [McpServerTool(Name = "greet"), ReadOnly]
    public static string Greet(string name, int times, Person person, [Range(1, 3)] int level = 1) =>
        $"{name ?? "<null>"} x{times} ({person.Name ?? "<null>"}, {person.Age}) L{level}";
}

/// <summary>Inputs the SDK's reflection tools accept and TypedTools refuses, for the same method.</summary>
public sealed class SdkComparisonTests
{
    private const string Valid = """{"name":"Ana","times":2,"person":{"name":"Bo","age":30}}""";

    [Theory]
    [InlineData("unknown field", """{"name":"Ana","times":2,"person":{"name":"Bo","age":30},"admin":true}""", "argument.unknown_field", "admin")]
    [InlineData("unknown nested field", """{"name":"Ana","times":2,"person":{"name":"Bo","age":30,"role":"root"}}""", "argument.unknown_field", "person.role")]
    [InlineData("number as a string", """{"name":"Ana","times":"5","person":{"name":"Bo","age":30}}""", "argument.type", "times")]
    [InlineData("null for a string", """{"name":null,"times":2,"person":{"name":"Bo","age":30}}""", "argument.null", "name")]
    [InlineData("missing record member", """{"name":"Ana","times":2,"person":{"name":"Bo"}}""", "argument.missing", "person.age")]
    [InlineData("nested key in another case", """{"name":"Ana","times":2,"person":{"Name":"Eve","name":"Bo","age":30}}""", "argument.unknown_field", "person.Name")]
    [InlineData("range not enforced", """{"name":"Ana","times":2,"person":{"name":"Bo","age":30},"level":9}""", "argument.range", "level")]
    public async Task The_sdk_accepts_what_TypedTools_refuses(string why, string json, string code, string field)
    {
        await using InMemoryServer reflection = await InMemoryServer.StartAsync(tools: b =>
            b.WithTools([McpServerTool.Create(typeof(ComparisonTools).GetMethod(nameof(ComparisonTools.Greet))!)]));
        await using InMemoryServer typed = await InMemoryServer.StartAsync(tools: b =>
            b.WithTypedTools(include: t => t.ProtocolTool.Name == "greet"));

        CallToolResult sdk = await reflection.Client.CallToolAsync("greet", Json.Args(json), cancellationToken: TestContext.Current.CancellationToken);
        CallToolResult ours = await typed.Client.CallToolAsync("greet", Json.Args(json), cancellationToken: TestContext.Current.CancellationToken);

        Assert.True(sdk.IsError != true, $"{why}: the SDK's binding refused it after all: {Refusals.Text(sdk)}");
        Refusals.AssertSingle(ours, code, field);
    }

    [Fact]
    public async Task Icons_and_meta_are_published_as_the_sdk_publishes_them()
    {
        McpServerTool sdk = McpServerTool.Create(typeof(ComparisonTools).GetMethod(nameof(ComparisonTools.Decorated))!);
        await using InMemoryServer typed = await InMemoryServer.StartAsync(tools: b => b.WithTypedTools(include: t => t.ProtocolTool.Name == "decorated"));

        Tool ours = (await typed.Client.ListToolsAsync(cancellationToken: TestContext.Current.CancellationToken)).Single().ProtocolTool;

        Assert.Equal("https://example.org/icon.png", Assert.Single(ours.Icons!).Source);
        Assert.Equal(sdk.ProtocolTool.Icons!.Select(i => i.Source), ours.Icons!.Select(i => i.Source));
        Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(sdk.ProtocolTool.Meta, ours.Meta), $"SDK {sdk.ProtocolTool.Meta?.ToJsonString()}\nours {ours.Meta?.ToJsonString()}");
        Assert.Equal("ui://widget/card.html", (string?)ours.Meta!["ui/resourceUri"]);
        Assert.Equal("é \"q\"", (string?)ours.Meta["config"]!["label"]);
    }

    [Fact]
    public async Task Both_accept_a_valid_call_with_the_same_result()
    {
        await using InMemoryServer reflection = await InMemoryServer.StartAsync(tools: b =>
            b.WithTools([McpServerTool.Create(typeof(ComparisonTools).GetMethod(nameof(ComparisonTools.Greet))!)]));
        await using InMemoryServer typed = await InMemoryServer.StartAsync(tools: b => b.WithTypedTools(include: t => t.ProtocolTool.Name == "greet"));

        CallToolResult sdk = await reflection.Client.CallToolAsync("greet", Json.Args(Valid), cancellationToken: TestContext.Current.CancellationToken);
        CallToolResult ours = await typed.Client.CallToolAsync("greet", Json.Args(Valid), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("Ana x2 (Bo, 30) L1", Refusals.Text(sdk));
        Assert.Equal(Refusals.Text(sdk), Refusals.Text(ours));
    }
}
