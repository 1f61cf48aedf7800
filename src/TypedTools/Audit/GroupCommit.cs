using System.Threading.Channels;

namespace TypedTools.Audit;

/// <summary>
/// The write discipline every durable sink shares: callers queue records and wait; one writer takes everything
/// queued and commits it as one batch (one flush to the device for many callers); each caller resumes when its
/// batch is durable, or with the batch's failure. After a failed commit every later record fails too: a log
/// with a hole is never continued silently.
/// </summary>
public sealed class GroupCommit : IAsyncDisposable
{
    private readonly Channel<(AuditRecord Record, TaskCompletionSource Done)> _queue =
        Channel.CreateUnbounded<(AuditRecord, TaskCompletionSource)>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Action<IReadOnlyList<AuditRecord>> _commit;
    private readonly Task _writer;
    private Exception? _fault;
    private long _commits;

    /// <summary>Starts the writer; <paramref name="commit"/> makes a batch durable or throws.</summary>
    public GroupCommit(Action<IReadOnlyList<AuditRecord>> commit)
    {
        _commit = commit;
        _writer = Task.Run(WriteLoopAsync);
    }

    /// <summary>How many batches were committed.</summary>
    public long Commits => Interlocked.Read(ref _commits);

    /// <summary>Queues a record and completes when it is durable.</summary>
    public async ValueTask AppendAsync(AuditRecord record)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (_fault is not null || !_queue.Writer.TryWrite((record, done)))
        {
            throw new IOException("The audit log is not accepting records.", _fault);
        }
        // Durable or failed; a caller's cancellation does not abandon a record half-way.
        await done.Task.ConfigureAwait(false);
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<(AuditRecord Record, TaskCompletionSource Done)>();
        var records = new List<AuditRecord>();
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            records.Clear();
            while (batch.Count < 4096 && _queue.Reader.TryRead(out var item))
            {
                batch.Add(item);
                records.Add(item.Record);
            }
            try
            {
                if (_fault is not null)
                {
                    throw _fault;
                }
                _commit(records);
                Interlocked.Increment(ref _commits);
                batch.ForEach(b => b.Done.TrySetResult());
            }
            catch (Exception exception)
            {
                _fault ??= exception;
                batch.ForEach(b => b.Done.TrySetException(new IOException("The audit record could not be persisted.", exception)));
            }
        }
    }

    /// <summary>Stops accepting records and waits for the queued ones.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
    }
}
