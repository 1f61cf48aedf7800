using SharpFuzz;
using TypedTools.Fuzz;
using TypedTools.Testing.Fuzzing;

// The fuzzing program: `TypedTools.Fuzz <parser|path|url>` under afl-fuzz (see fuzz.sh), or
// `TypedTools.Fuzz <target> --replay <file>...` to run inputs directly (exit code 1 when any fails).
if (args.Length == 0)
{
    Console.Error.WriteLine("usage: TypedTools.Fuzz <parser|path|url> [--replay <file>...]");
    return 2;
}

// Built on first use: instrumented code (TypedTools, the tools) may only run inside the fuzzing loop.
Func<IFuzzTarget> create = args[0] switch
{
    "parser" => () => new ParserTarget(FuzzTools.All),
    "path" => () => new PathTarget(),
    "url" => () => new UrlTarget(),
    _ => throw new ArgumentException($"Unknown target '{args[0]}'."),
};
IFuzzTarget? target = null;

if (args.Length > 1 && args[1] == "--replay")
{
    target = create();
    int failed = 0;
    foreach (string file in args[2..])
    {
        try
        {
            target.Run(File.ReadAllBytes(file));
        }
        catch (Exception exception)
        {
            failed++;
            // A finding says what broke; anything else also shows where it was thrown.
            Console.WriteLine(exception is FuzzFinding ? $"{file}: {exception.Message}"
                : $"{file}: {exception.GetType().Name}: {exception.Message}\n{string.Join('\n', exception.StackTrace?.Split('\n').Take(4) ?? [])}");
        }
    }
    (target as IDisposable)?.Dispose();
    return failed == 0 ? 0 : 1;
}

Fuzzer.OutOfProcess.Run(stream =>
{
    using var buffer = new MemoryStream();
    stream.CopyTo(buffer);
    (target ??= create()).Run(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
});
return 0;
