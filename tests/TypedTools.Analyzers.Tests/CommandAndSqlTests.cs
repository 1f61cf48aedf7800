using TypedTools.CodeFixes;
using Xunit;

namespace TypedTools.Analyzers.Tests;

public sealed class CommandAndSqlTests
{
    private static Task Diagnostics(string source) => Verify<ArgumentFlowAnalyzer, AddAllowedPathFix>.Diagnostics(source);

    [Fact]
    public Task Command_lines_built_from_arguments_and_shells_are_errors() => Diagnostics("""
        using System.Diagnostics;

        public static class T
        {
            [McpServerTool, Destructive("Runs git")]
            public static void Log(string revision)
            {
                {|TT2005:Process.Start("git", "log " + revision)|};
            }

            [McpServerTool, Destructive("Runs a tool")]
            public static void Run(string options)
            {
                var info = new ProcessStartInfo("tool");
                {|TT2005:info.Arguments = $"--fast {options}"|};
                {|TT2005:info.UseShellExecute = true|};
                Process.Start(info);
            }

            [McpServerTool, Destructive("Runs git safely")]
            public static void Safe(string revision)
            {
                var info = new ProcessStartInfo("git") { UseShellExecute = false };
                info.ArgumentList.Add("log");
                info.ArgumentList.Add("--end-of-options");
                info.ArgumentList.Add(revision);
                Process.Start(info);
            }
        }
        """);

    [Fact]
    public Task Sql_built_from_arguments_is_an_error_and_parameters_are_fine() => Diagnostics("""
        using System.Data.Common;

        public static class T
        {
            [McpServerTool, ReadOnly]
            public static object? Find(DbConnection db, string name)
            {
                using DbCommand command = db.CreateCommand();
                {|TT2006:command.CommandText = "SELECT * FROM users WHERE name = '" + name + "'"|};
                return command.ExecuteScalar();
            }

            [McpServerTool, ReadOnly]
            public static object? FindSafely(DbConnection db, string name)
            {
                using DbCommand command = db.CreateCommand();
                command.CommandText = "SELECT * FROM users WHERE name = @name";
                DbParameter parameter = command.CreateParameter();
                parameter.ParameterName = "@name";
                parameter.Value = name;
                command.Parameters.Add(parameter);
                return command.ExecuteScalar();
            }
        }
        """);
}
