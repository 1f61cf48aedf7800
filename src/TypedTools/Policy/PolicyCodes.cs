namespace TypedTools.Policy;

/// <summary>
/// The stable codes of policy denials (<c>structuredContent.error.code</c>). Clients and audit queries match on
/// them, so a code is never renamed or reused.
/// </summary>
public static class PolicyCodes
{
    /// <summary>The tool is not in the active workflow profile.</summary>
    public const string ToolNotAllowed = "policy.tool_not_allowed";

    /// <summary>The active profile is not one the server knows.</summary>
    public const string ProfileUnknown = "policy.profile_unknown";

    /// <summary>The policy layer is not configured in this server (its services are missing).</summary>
    public const string NotConfigured = "policy.not_configured";

    /// <summary>A policy check threw; the call is denied rather than let through.</summary>
    public const string CheckFailed = "policy.check_failed";

    /// <summary>A path uses a form that is never accepted (control characters, backslashes, drive letters, '..', '~', variables...).</summary>
    public const string PathForbiddenForm = "policy.path_forbidden_form";

    /// <summary>A path lies outside its root.</summary>
    public const string PathOutsideRoot = "policy.path_outside_root";

    /// <summary>A path reaches outside its root through a symbolic link.</summary>
    public const string PathLinkEscape = "policy.path_link_escape";

    /// <summary>A file has more than one hard link (it may be the same file as one outside the root).</summary>
    public const string PathHardLink = "policy.path_hard_link";

    /// <summary>The path is not a regular file or directory (a FIFO, device or socket), or not the kind the access needs.</summary>
    public const string PathNotRegular = "policy.path_not_regular";

    /// <summary>A file is larger than the root's size cap.</summary>
    public const string PathTooLarge = "policy.path_too_large";

    /// <summary>A write or delete aims at a protected location inside the root (for example <c>.git/</c> or <c>.env</c>).</summary>
    public const string PathProtected = "policy.path_protected";

    /// <summary>A tool names a path root the server has not configured.</summary>
    public const string PathRootMissing = "policy.path_root_missing";

    /// <summary>A URL is not an absolute http(s) URL in a form TypedTools accepts (whitespace, backslashes, a missing scheme...).</summary>
    public const string UrlInvalid = "policy.url_invalid";

    /// <summary>A URL's scheme is not allowed (https only, http where the rule says so).</summary>
    public const string UrlScheme = "policy.url_scheme";

    /// <summary>A URL carries user information (<c>user@host</c>), a classic way to disguise the real host.</summary>
    public const string UrlUserInfo = "policy.url_userinfo";

    /// <summary>A URL names a port the rule does not allow.</summary>
    public const string UrlPort = "policy.url_port";

    /// <summary>A URL's host is an IP address that the rule does not list.</summary>
    public const string UrlIpLiteral = "policy.url_ip_literal";

    /// <summary>A URL's host is not on the allowlist.</summary>
    public const string DomainNotAllowed = "policy.domain_not_allowed";

    /// <summary>A host resolved (or connected) to a loopback, private, link-local, metadata or otherwise non-public address.</summary>
    public const string AddressNotPublic = "policy.address_not_public";

    /// <summary>A redirect chain was longer than the limit.</summary>
    public const string RedirectLimit = "policy.redirect_limit";

    /// <summary>A response was larger than the cap.</summary>
    public const string ResponseTooLarge = "policy.response_too_large";

    /// <summary>A tool names a domain set the server has not configured.</summary>
    public const string DomainSetMissing = "policy.domain_set_missing";

    /// <summary>The tool needs a person's confirmation and this client cannot ask (no elicitation), or did not answer in time.</summary>
    public const string ConfirmationUnavailable = "policy.confirmation_unavailable";

    /// <summary>The person declined or cancelled the confirmation.</summary>
    public const string ConfirmationDeclined = "policy.confirmation_declined";

    /// <summary>A confirmation state was forged, replayed, expired, or issued for another tool, other arguments or another caller.</summary>
    public const string ConfirmationInvalid = "policy.confirmation_invalid";

    /// <summary>Private data entered this session, and the call would send to a destination outside the approved set.</summary>
    public const string FlowExfiltration = "policy.flow_exfiltration";

    /// <summary>A flow rule the server's author added refused the call.</summary>
    public const string FlowDenied = "policy.flow_denied";

    /// <summary>The tool needs a fact about the caller (a claim such as the tenant) that the authenticated identity does not carry.</summary>
    public const string IdentityMissing = "policy.identity_missing";

    /// <summary>An argument names another tenant (or other identity value) than the caller's.</summary>
    public const string TenantMismatch = "policy.tenant_mismatch";

    /// <summary>Too many calls to this tool by this caller in the current window.</summary>
    public const string RateLimited = "policy.rate_limited";

    /// <summary>The audit log could not persist the call's write-ahead record, so the call did not run.</summary>
    public const string AuditUnavailable = "policy.audit_unavailable";
}
