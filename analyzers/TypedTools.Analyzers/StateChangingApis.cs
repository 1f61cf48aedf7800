using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace TypedTools.Analyzers
{
    /// <summary>The calls that change state, by declaring type and member name.</summary>
    internal static class StateChangingApis
    {
        private static readonly Dictionary<string, HashSet<string>> s_members = new Dictionary<string, HashSet<string>>
        {
            ["System.IO.File"] = new HashSet<string>
            {
                "WriteAllText", "WriteAllTextAsync", "WriteAllBytes", "WriteAllBytesAsync", "WriteAllLines", "WriteAllLinesAsync", "AppendAllText",
                "AppendAllTextAsync", "AppendAllLines", "AppendAllLinesAsync", "AppendText", "Create", "CreateText", "Delete", "Move", "Copy", "Replace",
                "OpenWrite", "SetAttributes", "SetLastWriteTime", "SetLastWriteTimeUtc", "SetCreationTime", "SetUnixFileMode", "CreateSymbolicLink",
                "Encrypt", "Decrypt",
            },
            ["System.IO.Directory"] = new HashSet<string> { "Delete", "Move", "CreateDirectory", "CreateSymbolicLink", "CreateTempSubdirectory" },
            ["System.IO.FileInfo"] = new HashSet<string> { "Delete", "MoveTo", "CopyTo", "Create", "CreateText", "AppendText", "OpenWrite", "Replace", "Encrypt", "Decrypt" },
            ["System.IO.DirectoryInfo"] = new HashSet<string> { "Delete", "MoveTo", "Create", "CreateSubdirectory" },
            ["System.Diagnostics.Process"] = new HashSet<string> { "Start", "Kill" },
            ["System.Net.Http.HttpClient"] = new HashSet<string> { "PostAsync", "PutAsync", "PatchAsync", "DeleteAsync" },
            ["System.Data.Common.DbCommand"] = new HashSet<string> { "ExecuteNonQuery", "ExecuteNonQueryAsync" },
            ["System.Data.IDbCommand"] = new HashSet<string> { "ExecuteNonQuery" },
            ["TypedTools.Policy.Paths.GuardedFiles"] = new HashSet<string> { "WriteAsync", "DeleteFile" },
        };

        /// <summary>"File.Delete" when <paramref name="method"/> changes state, else null.</summary>
        public static string? Describe(IMethodSymbol method)
        {
            for (INamedTypeSymbol? type = method.ContainingType; type != null; type = type.BaseType)
            {
                if (s_members.TryGetValue(type.ToDisplayString(), out HashSet<string>? names) && names.Contains(method.Name))
                {
                    return type.Name + "." + method.Name;
                }
            }
            foreach (INamedTypeSymbol face in method.ContainingType.AllInterfaces)
            {
                if (s_members.TryGetValue(face.ToDisplayString(), out HashSet<string>? names) && names.Contains(method.Name))
                {
                    return face.Name + "." + method.Name;
                }
            }
            return null;
        }
    }
}
