namespace TypedTools.Testing.Fuzzing;

/// <summary>
/// One thing to fuzz: takes any bytes, returns quietly when the code under test behaved, and throws
/// <see cref="FuzzFinding"/> (or lets any unexpected exception escape) when it did not. The same targets run
/// under AFL++ (the fuzzing program) and in the normal test run (replaying the committed corpus).
/// </summary>
public interface IFuzzTarget
{
    /// <summary>The target's name: its corpus folder and its command-line name.</summary>
    string Name { get; }

    /// <summary>Runs one input.</summary>
    void Run(ReadOnlySpan<byte> input);
}

/// <summary>A broken invariant: the code under test allowed, produced or refused something it must not.</summary>
public sealed class FuzzFinding(string message) : Exception(message);
