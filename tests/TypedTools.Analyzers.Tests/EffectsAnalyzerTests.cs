using Microsoft.CodeAnalysis.Testing;
using TypedTools.CodeFixes;
using Xunit;

namespace TypedTools.Analyzers.Tests;

public sealed class EffectsAnalyzerTests
{
    private static Task Diagnostics(string source) => Verify<EffectsAnalyzer, DeclareEffectFix>.Diagnostics(source);

    [Fact]
    public Task A_tool_without_an_effect_declaration_warns() => Diagnostics("""
        public static class T
        {
            [McpServerTool] public static string {|TT2001:Echo|}(string text) => text;
        }
        """);

    [Fact]
    public Task Declared_tools_do_not_warn() => Diagnostics("""
        public static class T
        {
            [McpServerTool, ReadOnly] public static string Read(string text) => text;
            [McpServerTool(ReadOnly = true)] public static string SdkRead(string text) => text;
            [McpServerTool, Destructive("Deletes")] public static void Delete([AllowedPath("ws", Access = TypedTools.Policy.Paths.PathAccess.Delete)] string path) => File.Delete(path);
            [McpServerTool(Destructive = false), RequiresConfirmation("Sends")] public static string Send(string text) => text;
            public static string NotATool(string text) => text;
        }
        """);

    [Fact]
    public Task A_read_only_tool_that_changes_state_is_an_error() => Diagnostics("""
        public static class T
        {
            [McpServerTool, ReadOnly]
            public static void Tidy([AllowedPath("ws")] string path)
            {
                if (File.Exists(path)) {|TT2002:File.Delete(path)|};
                {|TT2002:Directory.CreateDirectory(path + ".bak")|};
            }
        }
        """);

    [Fact]
    public Task A_state_changing_tool_declared_non_destructive_is_an_error() => Diagnostics("""
        public static class T
        {
            [McpServerTool(Destructive = false)]
            public static async Task Save([AllowedPath("ws", Access = TypedTools.Policy.Paths.PathAccess.Write)] string path, string text)
                => await {|TT2003:File.WriteAllTextAsync(path, text)|};

            [McpServerTool(Destructive = false)]
            public static void Run() => {|TT2003:System.Diagnostics.Process.Start("ls")|};
        }
        """);

    [Fact]
    public Task A_tool_that_makes_its_own_HttpClient_warns() => Diagnostics("""
        public static class T
        {
            [McpServerTool, ReadOnly]
            public static async Task<string> Get([AllowedDomain("example.org")] Uri url)
            {
                using var http = {|TT2004:new HttpClient()|};
                return await http.GetStringAsync(url);
            }
        }
        """);

    [Fact]
    public Task The_fix_declares_read_only() => Verify<EffectsAnalyzer, DeclareEffectFix>.Fix("""
        public static class T
        {
            [McpServerTool] public static string {|TT2001:Echo|}(string text) => text;
        }
        """, """
        public static class T
        {
            [McpServerTool]
            [ReadOnly]
            public static string Echo(string text) => text;
        }
        """, "DeclareReadOnly");

    [Fact]
    public Task The_fix_declares_destructive() => Verify<EffectsAnalyzer, DeclareEffectFix>.Fix("""
        public static class T
        {
            [McpServerTool] public static string {|TT2001:Wipe|}(string text) => text;
        }
        """, """
        public static class T
        {
            [McpServerTool]
            [Destructive("Describe what it changes")]
            public static string Wipe(string text) => text;
        }
        """, "DeclareDestructive");

    [Fact]
    public Task Turning_confirmation_off_without_a_justification_is_an_error() => Diagnostics("""
        public static class T
        {
            [McpServerTool, {|TT2007:Destructive("Clears the cache", Confirm = false)|}] public static void Clear() { }
            [McpServerTool, {|TT2007:Destructive(Confirm = false, Justification = "   ")|}] public static void Blank() { }
            [McpServerTool, Destructive("Clears the scratch folder", Confirm = false, Justification = "Only this call's own scratch files")] public static void Justified() { }
            [McpServerTool, Destructive("Drops the table", Confirm = true)] public static void Confirmed() { }
            [McpServerTool, Destructive(Justification = "A justification without a waiver is harmless")] public static void NotWaived() { }
        }
        """);

    [Fact]
    public Task The_fix_keeps_the_confirmation() => Verify<EffectsAnalyzer, KeepConfirmationFix>.Fix("""
        public static class T
        {
            [McpServerTool, {|TT2007:Destructive("Clears the cache", Confirm = false)|}] public static void Clear() { }
            [McpServerTool, {|TT2007:Destructive(Confirm = false, Justification = "")|}] public static void Blank() { }
        }
        """, """
        public static class T
        {
            [McpServerTool, Destructive("Clears the cache")] public static void Clear() { }
            [McpServerTool, Destructive] public static void Blank() { }
        }
        """);
}
