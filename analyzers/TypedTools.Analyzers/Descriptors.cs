using Microsoft.CodeAnalysis;

namespace TypedTools.Analyzers
{
    /// <summary>
    /// Every TypedTools diagnostic. IDs are TT + 4 digits by family and never reused: 1xxx signature, 2xxx effects,
    /// 3xxx paths, 4xxx network, 5xxx descriptions, 9xxx generator. Each has a page under docs/diagnostics.
    /// </summary>
    public static class Descriptors
    {
        private const string HelpRoot = "https://github.com/typedtools/typedtools/blob/main/docs/diagnostics/";

        private static DiagnosticDescriptor Rule(string id, string category, DiagnosticSeverity severity, string title, string message, string description) =>
            new DiagnosticDescriptor(id, title, message, category, severity, isEnabledByDefault: true, description: description, helpLinkUri: HelpRoot + id + ".md");

        public static readonly DiagnosticDescriptor IdentityFromArguments = Rule("TT1001", "TypedTools.Signature", DiagnosticSeverity.Warning,
            "Identity taken from tool arguments",
            "The parameter '{0}' looks like an identity ({1}) but comes from the model's arguments; bind it with [FromClaim] or check it with [MatchesClaim]",
            "Whose data a call touches must come from the authenticated caller, never from an argument a model (or injected text) chose.");

        public static readonly DiagnosticDescriptor DuplicateToolName = new DiagnosticDescriptor("TT1002", "Duplicate tool name",
            "The tool name '{0}' is used by more than one method; the SDK would serve only one of them", "TypedTools.Signature", DiagnosticSeverity.Error,
            isEnabledByDefault: true, description: "Tool names identify tools to clients, profiles and audit records; two tools with one name make all three ambiguous.",
            helpLinkUri: HelpRoot + "TT1002.md", customTags: WellKnownDiagnosticTags.CompilationEnd);

        public static readonly DiagnosticDescriptor UntypedParameter = Rule("TT1003", "TypedTools.Signature", DiagnosticSeverity.Warning,
            "Untyped tool parameter",
            "The parameter '{0}' is of type {1}, which has no exact JSON shape to validate{2}",
            "A parameter the model fills must have a type the generated parser can check strictly (a primitive, an enum, a record, a list); an untyped value lets anything through, so the generator refuses the tool (TT9001).");

        public static readonly DiagnosticDescriptor NoEffectDeclared = Rule("TT2001", "TypedTools.Effects", DiagnosticSeverity.Warning,
            "Tool declares no effect",
            "The tool '{0}' declares no effect, so it runs as destructive and open-world (the protocol's defaults); declare [ReadOnly] or [Destructive]",
            "An undeclared tool is published with pessimistic hints and confirmed on every call; saying what it does makes both accurate.");

        public static readonly DiagnosticDescriptor StateChangeInReadOnlyTool = Rule("TT2002", "TypedTools.Effects", DiagnosticSeverity.Error,
            "Read-only tool changes state",
            "The tool '{0}' is declared read-only but calls {1}, which changes state",
            "A [ReadOnly] tool is shown to clients and workflow profiles as safe to run; a state-changing call inside it breaks that promise.");

        public static readonly DiagnosticDescriptor StateChangeNotDeclared = Rule("TT2003", "TypedTools.Effects", DiagnosticSeverity.Error,
            "State-changing tool not declared destructive",
            "The tool '{0}' calls {1}, which changes state, but is not declared [Destructive] (or [RequiresConfirmation])",
            "Tools that change state are confirmed by a person; a tool that hides its effect is not.");

        public static readonly DiagnosticDescriptor OwnHttpClient = Rule("TT2004", "TypedTools.Effects", DiagnosticSeverity.Warning,
            "Tool makes its own HttpClient",
            "The tool '{0}' creates its own HttpClient; take GuardedHttpClient instead (allowlist, no private addresses, checked redirects)",
            "A plain HttpClient follows redirects, uses system proxies and connects to any address a name resolves to.");

        public static readonly DiagnosticDescriptor ConfirmationWaivedWithoutJustification = Rule("TT2007", "TypedTools.Effects", DiagnosticSeverity.Error,
            "Destructive tool turns confirmation off without a justification",
            "The tool '{0}' sets Confirm = false without a Justification; state why it may run unconfirmed, or keep the confirmation",
            "A destructive tool is confirmed by a person; waiving that is a security decision a reviewer must be able to read in the manifest. Without a justification the waiver is ignored and the tool stays confirmed.");

        public static readonly DiagnosticDescriptor ShellOrBuiltCommandLine = Rule("TT2005", "TypedTools.Effects", DiagnosticSeverity.Error,
            "Process started through a shell or with a command line built from arguments",
            "The tool '{0}' {1}",
            "A shell interprets metacharacters, and a command line built from an argument lets a value such as '--upload-pack=...' become a flag; pass each argument through ProcessStartInfo.ArgumentList, without a shell.");

        public static readonly DiagnosticDescriptor SqlFromArguments = Rule("TT2006", "TypedTools.Effects", DiagnosticSeverity.Error,
            "SQL text built from arguments",
            "The parameter '{0}' becomes part of SQL text at {1}; pass it as a command parameter",
            "SQL built from a model's argument is SQL injection; parameters keep values out of the statement.");

        public static readonly DiagnosticDescriptor PathWithoutAllowedPath = Rule("TT3001", "TypedTools.Paths", DiagnosticSeverity.Error,
            "Path argument reaches the file system unchecked",
            "The parameter '{0}' reaches {1} without [AllowedPath]",
            "A path from the model must be contained in a configured root (links resolved, forbidden forms refused) before any file API sees it.");

        public static readonly DiagnosticDescriptor PathLikeParameter = Rule("TT3002", "TypedTools.Paths", DiagnosticSeverity.Error,
            "Path-like parameter without [AllowedPath]",
            "The parameter '{0}' is a path by its {1} but has no [AllowedPath]",
            "A parameter that names a file or directory needs a root to be checked against.");

        public static readonly DiagnosticDescriptor UrlWithoutAllowedDomain = Rule("TT4001", "TypedTools.Network", DiagnosticSeverity.Error,
            "URL argument reaches the network unchecked",
            "The parameter '{0}' reaches {1} without [AllowedDomain]",
            "A URL from the model must be checked against an allowlist before any request or URI is built from it.");

        public static readonly DiagnosticDescriptor UrlLikeParameter = Rule("TT4002", "TypedTools.Network", DiagnosticSeverity.Error,
            "URL-like parameter without [AllowedDomain]",
            "The parameter '{0}' is a URL by its {1} but has no [AllowedDomain]",
            "A parameter that names a web address needs an allowlist to be checked against.");

        public static readonly DiagnosticDescriptor MalformedDomainPattern = Rule("TT4003", "TypedTools.Network", DiagnosticSeverity.Error,
            "Malformed [AllowedDomain] pattern",
            "The domain pattern '{0}' {1}",
            "An allowlist entry must name hosts: exact names, '*.' over a registrable domain, or explicit IP literals; anything broader or malformed either matches too much or nothing.");

        public static readonly DiagnosticDescriptor DirectiveInDescription = Rule("TT5001", "TypedTools.Descriptions", DiagnosticSeverity.Warning,
            "Directive-like text in a tool description",
            "The description of '{0}' contains {1}, which reads as an instruction to the model",
            "Descriptions are shown to the model as trusted text; instructions or hidden characters in them are how tool poisoning works.");
    }
}
