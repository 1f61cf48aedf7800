using System.ComponentModel.DataAnnotations;
using System.Text;
using System.Text.Json;
using ModelContextProtocol;
using ModelContextProtocol.Server;
using TypedTools;

namespace Workspace.Server;

/// <summary>File tools over the workspace directory. Each method becomes a generated, strictly parsed tool.</summary>
[McpServerToolType]
public sealed class WorkspaceTools(WorkspaceFiles files)
{
    /// <summary>Reads a UTF-8 text file from the workspace.</summary>
    /// <param name="path">Path relative to the workspace root.</param>
    /// <param name="maxBytes">Read at most this many bytes.</param>
    [McpServerTool(Name = "read_file", OpenWorld = false), ReadOnly]
    public async Task<string> ReadFile(string path, [Range(1, 1_048_576)] int maxBytes = 65_536, CancellationToken cancellationToken = default)
    {
        string full = files.Resolve(path);
        await using var stream = new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, useAsync: true);
        byte[] buffer = new byte[Math.Min(maxBytes, (int)Math.Min(stream.Length, int.MaxValue))];
        int read = await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
        return Encoding.UTF8.GetString(buffer, 0, read);
    }

    /// <summary>Lists the files and directories in a workspace directory.</summary>
    /// <param name="path">Directory relative to the workspace root; "." is the root.</param>
    /// <param name="recursive">Include subdirectories' contents.</param>
    [McpServerTool(Name = "list_directory", OpenWorld = false), ReadOnly]
    public DirectoryListing ListDirectory(string path = ".", bool recursive = false)
    {
        string full = path == "." ? files.Root : files.Resolve(path);
        var options = new EnumerationOptions { RecurseSubdirectories = recursive, AttributesToSkip = FileAttributes.ReparsePoint };
        var entries = new DirectoryInfo(full).EnumerateFileSystemInfos("*", options)
            .OrderBy(e => e.FullName, StringComparer.Ordinal)
            .Select(e => new DirectoryEntry(files.Relative(e.FullName), e is DirectoryInfo ? EntryKind.Directory : EntryKind.File,
                e is FileInfo f ? f.Length : null))
            .ToList();
        return new DirectoryListing(files.Relative(full), entries);
    }

    /// <summary>Writes a UTF-8 text file in the workspace.</summary>
    /// <param name="path">Path relative to the workspace root.</param>
    /// <param name="content">The complete new content.</param>
    /// <param name="overwrite">Replace the file if it exists.</param>
    [McpServerTool(Name = "write_file", OpenWorld = false), Destructive("Creates or overwrites a file in the workspace")]
    public async Task<string> WriteFile(string path, string content, bool overwrite = false, CancellationToken cancellationToken = default)
    {
        string full = files.Resolve(path);
        if (File.Exists(full) && !overwrite)
        {
            throw new McpException($"'{path}' exists; send overwrite: true to replace it.");
        }
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        // Write a temporary file, then move it into place: a failed write never leaves a half-written file.
        string temporary = full + "." + Guid.NewGuid().ToString("N") + ".tmp";
        await File.WriteAllTextAsync(temporary, content, new UTF8Encoding(false), cancellationToken);
        File.Move(temporary, full, overwrite);
        return $"Wrote {Encoding.UTF8.GetByteCount(content)} bytes to {files.Relative(full)}.";
    }

    /// <summary>Deletes a file from the workspace.</summary>
    /// <param name="path">Path relative to the workspace root.</param>
    [McpServerTool(Name = "delete_file", OpenWorld = false), Destructive("Permanently deletes the file")]
    public string DeleteFile(string path)
    {
        string full = files.Resolve(path);
        if (!File.Exists(full))
        {
            throw new McpException($"'{path}' does not exist.");
        }
        File.Delete(full);
        return $"Deleted {files.Relative(full)}.";
    }

    /// <summary>Searches the workspace's text files for lines containing a text.</summary>
    [McpServerTool(Name = "search_files", OpenWorld = false), ReadOnly]
    public SearchResult SearchFiles(SearchQuery query)
    {
        SearchOptions options = query.Options ?? new SearchOptions();
        StringComparison comparison = options.CaseSensitive ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;
        var matches = new List<FileMatch>();
        bool truncated = false;
        foreach (string file in Directory.EnumerateFiles(files.Root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint }).Order(StringComparer.Ordinal))
        {
            if (query.Extensions is { Count: > 0 } extensions && !extensions.Contains(Path.GetExtension(file).TrimStart('.'), StringComparer.OrdinalIgnoreCase))
            {
                continue;
            }
            if (options.ModifiedAfter is { } after && DateOnly.FromDateTime(File.GetLastWriteTimeUtc(file)) <= after)
            {
                continue;
            }
            int number = 0;
            foreach (string line in File.ReadLines(file))
            {
                number++;
                if (line.Contains(query.Text, comparison))
                {
                    if (matches.Count == options.MaxResults)
                    {
                        truncated = true;
                        break;
                    }
                    matches.Add(new FileMatch(files.Relative(file), number, line.Trim()));
                }
            }
        }
        return new SearchResult(matches, truncated);
    }
}

/// <summary>A directory's entries.</summary>
public sealed record DirectoryListing(string Path, IReadOnlyList<DirectoryEntry> Entries);

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

/// <summary>What to search for.</summary>
/// <param name="Text">The text to find in lines.</param>
/// <param name="Extensions">Only files with these extensions (without the dot), for example ["md", "txt"].</param>
/// <param name="Options">How to search.</param>
public sealed record SearchQuery([StringLength(200, MinimumLength = 1)] string Text, IReadOnlyList<string>? Extensions = null, SearchOptions? Options = null);

/// <summary>Search options.</summary>
/// <param name="CaseSensitive">Match case exactly.</param>
/// <param name="MaxResults">Stop after this many matches.</param>
/// <param name="ModifiedAfter">Only files last changed after this date.</param>
public sealed record SearchOptions(bool CaseSensitive = false, [Range(1, 1000)] int MaxResults = 100, DateOnly? ModifiedAfter = null);

/// <summary>Search results.</summary>
public sealed record SearchResult(IReadOnlyList<FileMatch> Matches, bool Truncated);

/// <summary>One matching line.</summary>
public sealed record FileMatch(string Path, int Line, string Text);
