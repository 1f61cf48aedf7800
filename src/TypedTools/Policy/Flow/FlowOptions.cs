namespace TypedTools.Policy.Flow;

/// <summary>Flow rules and the destinations private data may go to.</summary>
public sealed class FlowOptions
{
    /// <summary>
    /// Destinations approved for sends after private data was read: e-mail addresses (<c>ana@example.org</c>),
    /// whole e-mail domains (<c>*@example.org</c>, <c>*@*.example.org</c>), and hosts for URLs (<c>docs.example.org</c>, <c>*.example.com</c>).
    /// </summary>
    public IList<string> ApprovedDestinations { get; } = [];

    /// <summary>The rules, in order; starts with the two defaults.</summary>
    public IList<IFlowRule> Rules { get; } = [new PrivateDataStaysWithApprovedDestinations(), new UntrustedContentNeedsConfirmation()];
}
