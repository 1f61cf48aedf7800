using System.Collections.Immutable;
using System.ComponentModel.DataAnnotations;
using System.Text;
using ModelContextProtocol;
using ModelContextProtocol.Server;
using TypedTools;
using TypedTools.Policy;
using TypedTools.Policy.Paths;

namespace Workspace.Server;

/// <summary>
/// File tools over the workspace root. Each method becomes a generated, strictly parsed tool; each path
/// parameter is checked by [AllowedPath] before the method runs (the method receives the canonical full path),
/// and the file operations go through GuardedFiles, which verify again at the moment of use.
/// </summary>
[McpServerToolType]
public sealed class WorkspaceTools(GuardedFiles files, PathGuard paths)
{
    /// <summary>The root name the server configures from --workspace.</summary>
    public const string Root = "workspace";

    /// <summary>Reads a UTF-8 text file from the workspace.</summary>
    /// <param name="path">Path relative to the workspace root.</param>
    /// <param name="maxBytes">Read at most this many bytes.</param>
    [McpServerTool(Name = "read_file", OpenWorld = false), ReadOnly, ReadsPrivateData]
    public Task<string> ReadFile([AllowedPath(Root)] string path, [Range(1, 1_048_576)] int maxBytes = 65_536, CancellationToken cancellationToken = default) =>
        files.ReadTextAsync(Root, path, maxBytes, cancellationToken);

    /// <summary>Lists the files and directories in a workspace directory.</summary>
    /// <param name="path">Directory relative to the workspace root; "." is the root.</param>
    /// <param name="recursive">Include subdirectories' contents.</param>
    /// <param name="include">Which entries to list: ["Files"], ["Directories"], or both.</param>
    [McpServerTool(Name = "list_directory", OpenWorld = false), ReadOnly]
    public DirectoryListing ListDirectory([AllowedPath(Root)] string path = ".", bool recursive = false, EntryKinds include = EntryKinds.Files | EntryKinds.Directories)
    {
        var entries = files.EnumerateDirectory(Root, path, recursive)
            .Where(e => (include & (e is DirectoryInfo ? EntryKinds.Directories : EntryKinds.Files)) != 0)
            .OrderBy(e => e.FullName, StringComparer.Ordinal)
            .Select(e => new DirectoryEntry(Relative(e.FullName), e is DirectoryInfo ? EntryKind.Directory : EntryKind.File,
                e is FileInfo f ? f.Length : null))
            .ToList();
        var byExtension = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (DirectoryEntry file in entries.Where(e => e.Kind == EntryKind.File))
        {
            string extension = Path.GetExtension(file.Path).TrimStart('.');
            byExtension[extension] = byExtension.GetValueOrDefault(extension) + 1;
        }
        var byKind = entries.GroupBy(e => e.Kind).OrderBy(g => g.Key).ToDictionary(g => g.Key, g => g.Count());
        return new DirectoryListing(Relative(path), entries, byExtension, byKind);
    }

    /// <summary>Writes a UTF-8 text file in the workspace.</summary>
    /// <param name="path">Path relative to the workspace root.</param>
    /// <param name="content">The complete new content.</param>
    /// <param name="overwrite">Replace the file if it exists.</param>
    [McpServerTool(Name = "write_file", OpenWorld = false), Destructive("Creates or overwrites a file in the workspace")]
    public async Task<string> WriteFile([AllowedPath(Root, Access = PathAccess.Write)] string path, string content, bool overwrite = false,
        CancellationToken cancellationToken = default)
    {
        byte[] bytes = new UTF8Encoding(false).GetBytes(content);
        if (!await files.WriteAsync(Root, path, bytes, overwrite, cancellationToken))
        {
            throw new McpException($"'{Relative(path)}' exists; send overwrite: true to replace it.");
        }
        return $"Wrote {bytes.Length} bytes to {Relative(path)}.";
    }

    /// <summary>What write_file would do, for the person confirming it: create or overwrite, sizes, and the first changed line.</summary>
    public string WriteFilePreview(string path, string content, bool overwrite)
    {
        int newBytes = Encoding.UTF8.GetByteCount(content);
        if (!File.Exists(path))
        {
            return $"Creates {Relative(path)} ({newBytes} bytes).";
        }
        if (!overwrite)
        {
            return $"Nothing: {Relative(path)} exists and overwrite is false.";
        }
        var info = new FileInfo(path);
        string[] before = File.ReadLines(path).Take(10_000).ToArray();
        string[] after = content.Split('\n');
        int line = Enumerable.Range(0, Math.Max(before.Length, after.Length))
            .FirstOrDefault(i => i >= before.Length || i >= after.Length || before[i] != after[i], -1);
        string change = line < 0 ? "no line changes" :
            $"first change at line {line + 1}: \"{(line < before.Length ? before[line] : "")}\" -> \"{(line < after.Length ? after[line] : "")}\"";
        return $"Overwrites {Relative(path)}: {info.Length} -> {newBytes} bytes, last changed {info.LastWriteTimeUtc:yyyy-MM-dd HH:mm} UTC; {change}.";
    }

    /// <summary>Deletes a file from the workspace.</summary>
    /// <param name="path">Path relative to the workspace root.</param>
    [McpServerTool(Name = "delete_file", OpenWorld = false), Destructive("Permanently deletes the file")]
    public string DeleteFile([AllowedPath(Root, Access = PathAccess.Delete)] string path)
    {
        if (!files.DeleteFile(Root, path))
        {
            throw new McpException($"'{Relative(path)}' does not exist.");
        }
        return $"Deleted {Relative(path)}.";
    }

    /// <summary>What delete_file would remove, for the person confirming it.</summary>
    public string DeleteFilePreview(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            return $"Nothing: {Relative(path)} does not exist.";
        }
        // Read through GuardedFiles like every other read: a FIFO, a hard link or a huge file in the workspace is skipped,
        // not opened (a plain File.ReadAllText of a FIFO blocked forever; the red-team kit found it).
        int references = files.EnumerateDirectory(Root, ".", recursive: true).OfType<FileInfo>()
            .Where(f => f.FullName != info.FullName)
            .Count(f => Mentions(f.FullName, info.Name));
        return $"Deletes {Relative(path)} ({info.Length} bytes, last changed {info.LastWriteTimeUtc:yyyy-MM-dd HH:mm} UTC); " +
               $"{references} other file(s) in the workspace mention its name.";
    }

    private bool Mentions(string path, string name)
    {
        try
        {
            using var reader = new StreamReader(files.OpenRead(Root, path));
            return reader.ReadToEnd().Contains(name, StringComparison.Ordinal);
        }
        catch (Exception exception) when (exception is PolicyDeniedException or IOException)
        {
            return false;
        }
    }

    /// <summary>Searches the workspace's text files for lines containing a text.</summary>
    [McpServerTool(Name = "search_files", OpenWorld = false), ReadOnly, ReadsPrivateData]
    public async Task<SearchResult> SearchFiles(SearchQuery query, CancellationToken cancellationToken = default)
    {
        SearchOptions options = query.Options ?? new SearchOptions();
        StringComparison comparison = options.CaseSensitive ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;
        var matches = new List<FileMatch>();
        bool truncated = false;
        foreach (FileInfo file in files.EnumerateDirectory(Root, ".", recursive: true).OfType<FileInfo>().OrderBy(f => f.FullName, StringComparer.Ordinal))
        {
            if (query.Extensions is { Length: > 0 } extensions && !extensions.Contains(file.Extension.TrimStart('.'), StringComparer.OrdinalIgnoreCase))
            {
                continue;
            }
            if (options.ModifiedAfter is { } after && DateOnly.FromDateTime(file.LastWriteTimeUtc) <= after)
            {
                continue;
            }
            string text;
            try
            {
                text = await files.ReadTextAsync(Root, file.FullName, 1_048_576, cancellationToken);
            }
            catch (PolicyDeniedException)
            {
                continue; // special files, hard links and oversized files are skipped, not read
            }
            int number = 0;
            foreach (string line in text.Split('\n'))
            {
                number++;
                if (line.Contains(query.Text, comparison))
                {
                    if (matches.Count == options.MaxResults)
                    {
                        truncated = true;
                        break;
                    }
                    matches.Add(new FileMatch(Relative(file.FullName), number, line.Trim()));
                }
            }
        }
        return new SearchResult(matches, truncated);
    }

    /// <summary>A path relative to the workspace root with '/' separators, for results.</summary>
    private string Relative(string path) =>
        path.StartsWith('/') ? Path.GetRelativePath(paths.Root(Root).Directory, path) : path;
}

/// <summary>A directory's entries.</summary>
/// <param name="Path">The directory, relative to the workspace root.</param>
/// <param name="Entries">Its files and directories, by path.</param>
/// <param name="FilesByExtension">How many of the listed files have each extension (without the dot; "" for none).</param>
/// <param name="Counts">How many entries of each kind are listed (kinds with none are left out).</param>
public sealed record DirectoryListing(string Path, IReadOnlyList<DirectoryEntry> Entries, IReadOnlyDictionary<string, int> FilesByExtension,
    IReadOnlyDictionary<EntryKind, int> Counts);

/// <summary>One file or directory.</summary>
/// <param name="Path">Relative to the workspace root.</param>
/// <param name="Kind">File or directory.</param>
/// <param name="Size">Size in bytes, for files.</param>
public sealed record DirectoryEntry(string Path, EntryKind Kind, long? Size);

/// <summary>What a directory entry is.</summary>
public enum EntryKind
{
    File,
    Directory,
}

/// <summary>Which kinds of directory entry to list.</summary>
[Flags]
public enum EntryKinds
{
    Files = 1,
    Directories = 2,
}

/// <summary>What to search for.</summary>
/// <param name="Text">The text to find in lines.</param>
/// <param name="Extensions">Only files with these extensions (without the dot), for example ["md", "txt"].</param>
/// <param name="Options">How to search.</param>
public sealed record SearchQuery([StringLength(200, MinimumLength = 1)] string Text, ImmutableArray<string>? Extensions = null, SearchOptions? Options = null);

/// <summary>Search options.</summary>
/// <param name="CaseSensitive">Match case exactly.</param>
/// <param name="MaxResults">Stop after this many matches.</param>
/// <param name="ModifiedAfter">Only files last changed after this date.</param>
public sealed record SearchOptions(bool CaseSensitive = false, [Range(1, 1000)] int MaxResults = 100, DateOnly? ModifiedAfter = null);

/// <summary>Search results.</summary>
public sealed record SearchResult(IReadOnlyList<FileMatch> Matches, bool Truncated);

/// <summary>One matching line.</summary>
public sealed record FileMatch(string Path, int Line, string Text);
