using System.Security.Claims;
using Microsoft.Extensions.Options;
using TypedTools.Policy.Network;
using TypedTools.Policy.Paths;
using TypedTools.Policy.Profiles;

namespace TypedTools.Policy;

/// <summary>
/// The server's policy, built once from <see cref="TypedToolsOptions"/>: canonical path roots and workflow
/// profiles. Generated tools consult it on every call; its checks throw <see cref="PolicyDeniedException"/>
/// to refuse, and any other exception from them also refuses (fail closed).
/// </summary>
public sealed class ToolPolicy
{
    private readonly TypedToolsOptions _options;

    /// <summary>Builds the policy; throws when a configured root is not an existing directory.</summary>
    public ToolPolicy(IOptions<TypedToolsOptions> options)
    {
        _options = options.Value;
        Paths = new PathGuard(_options.Roots.ToDictionary(r => r.Key, r => PathRoot.Create(r.Key, r.Value), StringComparer.Ordinal));
        Domains = DomainGuard.Create(_options.DomainSets);
    }

    /// <summary>How long a preview may take before the confirmation goes out without it.</summary>
    public TimeSpan ConfirmationPreviewTimeout => _options.Confirmation.PreviewTimeout;

    /// <summary>How results are made safe for the model.</summary>
    public Results.OutputOptions Output => _options.Output;

    /// <summary>The URL checks over the configured domain sets.</summary>
    public DomainGuard Domains { get; }

    /// <summary>The path checks over the configured roots.</summary>
    public PathGuard Paths { get; }

    /// <summary>The profile in force for a caller: the selector's choice, else the configured one, else none.</summary>
    public ToolProfile? ActiveProfile(ClaimsPrincipal? user)
    {
        string? name = _options.ProfileSelector?.Invoke(user) ?? _options.Profile;
        if (name is null)
        {
            return null;
        }
        return _options.Profiles.TryGetValue(name, out ToolProfile? profile) ? profile
            : throw new PolicyDeniedException(new PolicyDenial(PolicyCodes.ProfileUnknown, $"The workflow profile '{name}' is not defined on this server.", null,
                "Ask the operator to define the profile, or use one of: " + string.Join(", ", _options.Profiles.Keys.Order(StringComparer.Ordinal)) + "."));
    }

    /// <summary>Refuses a tool outside the caller's workflow profile.</summary>
    public void CheckProfile(ToolDescriptor tool, ClaimsPrincipal? user) => CheckProfile(tool, ActiveProfile(user));

    /// <summary>Refuses a tool outside <paramref name="profile"/> (the one <see cref="ActiveProfile"/> chose).</summary>
    public static void CheckProfile(ToolDescriptor tool, ToolProfile? profile)
    {
        if (profile is not null && !profile.Allows(tool))
        {
            throw new PolicyDeniedException(new PolicyDenial(PolicyCodes.ToolNotAllowed,
                $"The tool '{tool.Name}' is not part of the '{profile.Name}' workflow.", null,
                $"Use only the tools this workflow lists ({profile.Description}); if the task needs more, ask the person to switch workflows."));
        }
    }

    /// <summary>Whether the caller's profile shows the tool in <c>tools/list</c>; an error hides it (fail closed).</summary>
    public bool IsVisible(ToolDescriptor tool, ClaimsPrincipal? user)
    {
        try
        {
            return ActiveProfile(user)?.Allows(tool) ?? true;
        }
        catch (Exception)
        {
            return false;
        }
    }
}
