namespace TypedTools.Shared
{
    /// <summary>
    /// Which members of a <c>[Flags]</c> enum spell a value, for its JSON form (an array of member names). Compiled into
    /// both the generator (a default's JSON in the schema) and the runtime (a value's JSON), so that the two spell a value
    /// alike.
    /// </summary>
    internal static class FlagCover
    {
        /// <summary>
        /// Whether <paramref name="member"/> is one of the names that spell <paramref name="value"/>, asked of the members in
        /// declaration order: a member is taken when the value holds all its bits and it adds a bit not yet spelled (so a
        /// zero member, and an alias of a member taken before, are not). <paramref name="rest"/> starts as the value and
        /// keeps the bits not yet spelled: what is left at the end, no member holds.
        /// </summary>
        public static bool Takes(ulong value, ulong member, ref ulong rest)
        {
            if (member == 0 || (value & member) != member || (rest & member) == 0)
            {
                return false;
            }
            rest &= ~member;
            return true;
        }
    }
}
