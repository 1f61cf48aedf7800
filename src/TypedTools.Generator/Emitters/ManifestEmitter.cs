using System.Linq;
using System.Security.Cryptography;
using System.Text;
using Microsoft.CodeAnalysis.CSharp;
using TypedTools.Generator.Helpers;
using TypedTools.Generator.Model;

namespace TypedTools.Generator.Emitters
{
    /// <summary>
    /// The policy manifest: every tool's effects, capabilities, path roots and access levels, domain rules,
    /// confirmation, identity claims, secret parameters, whether it names destinations, its <c>_meta</c> object and a
    /// hash of its input schema, as JSON in an <c>[assembly: AssemblyMetadata("TypedTools.Manifest", ...)]</c>
    /// attribute, so that a reviewer's tool can read it from a built assembly's metadata without running any of its code.
    /// Each tool's entry is also the policy part of its definition (the runtime's <c>ToolDefinition</c> reads its
    /// descriptor and the <c>_meta</c> it publishes from it), so the facts a reviewer reads are the facts the pipeline
    /// enforces and publishes.
    /// </summary>
    internal static class ManifestEmitter
    {
        public const string HintName = "TypedTools.Manifest.g.cs";
        public const string MetadataKey = "TypedTools.Manifest";

        /// <summary>One tool's entry (JSON object text).</summary>
        public static string Entry(ToolSpec tool)
        {
            var json = new JsonText().StartObject();
            json.Name("name").String(tool.ToolName);
            json.Name("effects").StartObject();
            json.Name("readOnly").Bool(tool.Annotations.ReadOnly);
            json.Name("destructive").Bool(tool.Annotations.Destructive);
            json.Name("idempotent").Bool(tool.Annotations.Idempotent);
            json.Name("openWorld").Bool(tool.Annotations.OpenWorld);
            json.EndObject();
            json.Name("capabilities").StartArray();
            foreach (string capability in tool.Policy.Capabilities)
            {
                json.String(capability);
            }
            json.EndArray();
            json.Name("confirmation").Bool(tool.Policy.RequiresConfirmation);
            if (tool.Policy.ConfirmationWaiver != null)
            {
                json.Name("confirmationWaiver").String(tool.Policy.ConfirmationWaiver);
            }
            if (tool.Policy.Effect != null)
            {
                json.Name("effect").String(tool.Policy.Effect);
            }
            json.Name("paths").StartArray();
            foreach (ParameterSpec p in ToolFacts.PathParameters(tool))
            {
                json.StartObject();
                json.Name("parameter").String(p.Name);
                json.Name("root").String(p.PathGuard!.Root);
                json.Name("access").String(p.PathGuard.Access);
                json.EndObject();
            }
            json.EndArray();
            json.Name("domains").StartArray();
            foreach (ParameterSpec p in ToolFacts.DomainParameters(tool))
            {
                DomainGuardSpec rule = p.DomainGuard!;
                json.StartObject();
                json.Name("parameter").String(p.Name);
                json.Name("patterns").StartArray();
                foreach (string pattern in rule.Patterns)
                {
                    json.String(pattern);
                }
                json.EndArray();
                if (rule.Set != null)
                {
                    json.Name("set").String(rule.Set);
                }
                json.Name("allowHttp").Bool(rule.AllowHttp);
                json.Name("ports").StartArray();
                foreach (int port in rule.Ports)
                {
                    json.Number(port);
                }
                json.EndArray();
                json.EndObject();
            }
            json.EndArray();
            json.Name("claims").StartArray();
            foreach (string claim in tool.Policy.RequiredClaims)
            {
                json.String(claim);
            }
            json.EndArray();
            // Absent when the tool has none (as in manifests written before they were recorded).
            if (ToolFacts.SecretParameters(tool).Any())
            {
                json.Name("secrets").StartArray();
                foreach (string secret in ToolFacts.SecretParameters(tool))
                {
                    json.String(secret);
                }
                json.EndArray();
            }
            if (ToolFacts.DeclaresDestinations(tool))
            {
                json.Name("destinations").Bool(true);
            }
            // The _meta object tools/list publishes ([McpMeta]; absent without one): a UI resource it links is for a reviewer to see.
            if (tool.Meta != null)
            {
                json.Name("meta").Raw(tool.Meta);
            }
            json.Name("inputSchemaSha256").String(Sha256(tool.InputSchema));
            return json.EndObject().ToString();
        }

        public static string Emit(EquatableArray<string> entries)
        {
            string manifest = "{\"version\":1,\"tools\":[" + string.Join(",", entries.OrderBy(e => e, System.StringComparer.Ordinal)) + "]}";
            var w = new SourceWriter();
            w.Line("// <auto-generated/>");
            w.Line("// The policy manifest of this assembly's tools, readable from metadata (typedtools manifest / typedtools diff).");
            w.Line("[assembly: global::System.Reflection.AssemblyMetadata(" + SymbolDisplay.FormatLiteral(MetadataKey, quote: true) + ", " +
                   SymbolDisplay.FormatLiteral(manifest, quote: true) + ")]");
            return w.ToString();
        }

        private static string Sha256(string text)
        {
            using (SHA256 sha = SHA256.Create())
            {
                byte[] hash = sha.ComputeHash(Encoding.UTF8.GetBytes(text));
                var hex = new StringBuilder(64);
                foreach (byte b in hash)
                {
                    hex.Append(b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
                }
                return hex.ToString();
            }
        }
    }
}
