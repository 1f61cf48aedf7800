using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace TypedTools.Generator.Helpers
{
    /// <summary>
    /// The regular expression that matches exactly the canonical decimal spellings (no sign but a minus, no leading zero,
    /// no "-0") of the integers in a range: what a dictionary keyed by an integer type publishes as its
    /// <c>propertyNames</c>, since JSON Schema bounds numbers but a property name is a string.
    /// </summary>
    internal static class IntegerPattern
    {
        /// <summary>The anchored pattern for [<paramref name="min"/>, <paramref name="max"/>], both integers in decimal, min &lt;= 0 &lt;= max or of one sign.</summary>
        public static string Of(string min, string max)
        {
            var alternatives = new List<string>();
            bool negativeMin = min.StartsWith("-", System.StringComparison.Ordinal);
            bool negativeMax = max.StartsWith("-", System.StringComparison.Ordinal);
            if (negativeMin)
            {
                // -1 .. min, as a minus and the magnitudes from |max| (or 1) to |min|.
                ulong from = negativeMax ? Magnitude(max) : 1;
                alternatives.AddRange(Magnitudes(from, Magnitude(min)).Select(p => "-" + p));
            }
            if (!negativeMax)
            {
                alternatives.AddRange(Magnitudes(negativeMin ? 0 : Magnitude(min), Magnitude(max)));
            }
            return "^(?:" + string.Join("|", alternatives) + ")$";
        }

        private static ulong Magnitude(string number) => ulong.Parse(number.TrimStart('-'), NumberStyles.None, CultureInfo.InvariantCulture);

        // The numbers from..to, one run of patterns per count of digits (each count's numbers start with 1-9, but 0 itself).
        private static IEnumerable<string> Magnitudes(ulong from, ulong to)
        {
            string low = from.ToString(CultureInfo.InvariantCulture);
            string high = to.ToString(CultureInfo.InvariantCulture);
            for (int length = low.Length; length <= high.Length; length++)
            {
                string first = length == low.Length ? low : "1" + new string('0', length - 1);
                string last = length == high.Length ? high : new string('9', length);
                foreach (string pattern in SameLength(first, last))
                {
                    yield return pattern;
                }
            }
        }

        // The digit strings from..to, both of one length: a shared first digit, or the lower end's tail, whole middle
        // digits with any tail, and the upper end's tail.
        private static List<string> SameLength(string from, string to)
        {
            if (from == to)
            {
                return new List<string> { from };
            }
            string fromTail = from.Substring(1);
            string toTail = to.Substring(1);
            if (from[0] == to[0])
            {
                return SameLength(fromTail, toTail).Select(p => from[0] + p).ToList();
            }
            var patterns = new List<string>();
            string zeros = new string('0', fromTail.Length);
            string nines = new string('9', fromTail.Length);
            char middleFrom = from[0];
            if (fromTail != zeros)
            {
                patterns.AddRange(SameLength(fromTail, nines).Select(p => from[0] + p));
                middleFrom++;
            }
            char middleTo = toTail == nines ? to[0] : (char)(to[0] - 1);
            if (middleFrom <= middleTo)
            {
                patterns.Add((middleFrom == middleTo ? middleFrom.ToString() : "[" + middleFrom + "-" + middleTo + "]") + AnyDigits(fromTail.Length));
            }
            if (toTail != nines)
            {
                patterns.AddRange(SameLength(zeros, toTail).Select(p => to[0] + p));
            }
            return patterns;
        }

        private static string AnyDigits(int count) => count == 0 ? "" : count == 1 ? "[0-9]" : "[0-9]{" + count.ToString(CultureInfo.InvariantCulture) + "}";
    }
}
