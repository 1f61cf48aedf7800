using System.Diagnostics.Metrics;
using TypedTools.Audit;

namespace TypedTools.Tests.Harness;

/// <summary>
/// Collects the TypedTools meter's measurements of type <typeparamref name="T"/> while alive: of the named instruments,
/// or of all of them when none is named. A meter listener sees the whole process, other tests' calls included, so
/// assertions filter by tag (or the test runs alone).
/// </summary>
public sealed class TelemetryMeasurements<T> : IDisposable where T : struct
{
    private readonly MeterListener _listener = new();
    private readonly List<(string Instrument, T Value, Dictionary<string, object?> Tags)> _taken = [];

    public TelemetryMeasurements(params string[] instruments)
    {
        _listener.InstrumentPublished = (published, listener) =>
        {
            if (published.Meter.Name == TypedToolsTelemetry.Name && (instruments.Length == 0 || instruments.Contains(published.Name)))
            {
                listener.EnableMeasurementEvents(published);
            }
        };
        _listener.SetMeasurementEventCallback<T>((instrument, value, tags, _) =>
        {
            lock (_taken)
            {
                _taken.Add((instrument.Name, value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value)));
            }
        });
        _listener.Start();
    }

    /// <summary>What was measured so far (a copy).</summary>
    public List<(string Instrument, T Value, Dictionary<string, object?> Tags)> Taken
    {
        get
        {
            lock (_taken)
            {
                return [.. _taken];
            }
        }
    }

    public void Dispose() => _listener.Dispose();
}
