namespace TypedTools.Benchmarks;

/// <summary>Order statistics for the interleaved probes (analyzer-times, build-times, e2e-interleaved).</summary>
internal static class Samples
{
    /// <summary>The value at <paramref name="q"/> (0..1) of the sorted samples, nearest rank.</summary>
    public static double Quantile(IReadOnlyCollection<double> values, double q) =>
        values.Order().ElementAt((int)Math.Round(q * (values.Count - 1)));

    public static double Median(IReadOnlyCollection<double> values) => Quantile(values, 0.5);
}
