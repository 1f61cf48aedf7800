using System.Collections.Generic;
using System.Linq;
using TypedTools.Generator.Helpers;
using TypedTools.Generator.Model;

namespace TypedTools.Generator.Emitters
{
    internal sealed partial class ToolEmitter
    {
        private const string ServiceExtensions = "global::Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions";
        private const string KeyedServiceExtensions = "global::Microsoft.Extensions.DependencyInjection.ServiceProviderKeyedServiceExtensions";

        private void EmitInvoke(SourceWriter w)
        {
            TargetSpec target = _tool.Target;
            ResultSpec result = _tool.Result;
            // An async method's task is handed to a runtime helper that awaits it (no state machine per tool), unless the
            // tool must dispose of an instance after the task completes.
            bool continues = result.Async != AsyncKind.None && target.Disposal == 0;
            bool awaits = !continues && (result.Async != AsyncKind.None || target.Disposal == 2);
            bool needsServices = target.ConstructorParameters.Concat(_tool.Parameters).Any(p =>
                p.Source == ParameterSource.Service || p.Source == ParameterSource.KeyedService || p.Source == ParameterSource.ServiceProvider);
            string? writer = result.Kind == ResultKind.Structured ? ResultWriter(result.Type!, Prefix + "_writeResult") : null;

            w.Open("private static " + (awaits ? "async " : "") + "global::System.Threading.Tasks.ValueTask<" + CallToolResult + "> " + Prefix + "_Invoke(" +
                   ArgumentsType + " arguments, " + RequestContext + " request, global::System.Threading.CancellationToken cancellationToken)");
            if (needsServices)
            {
                w.Line("global::System.IServiceProvider services = request.Services ?? throw new global::System.InvalidOperationException(\"The request has no service provider.\");");
            }

            string receiver = target.ContainingTypeName;
            if (!target.IsStatic)
            {
                string arguments = string.Join(", ", target.ConstructorParameters.Select(Argument));
                string declaration = (target.Disposal == 2 ? "await using " : target.Disposal == 1 ? "using " : "") +
                                     target.ContainingTypeName + " instance = new " + target.ContainingTypeName + "(" + arguments + ");";
                w.Line(declaration);
                receiver = "instance";
            }

            string call = receiver + "." + Naming.Escaped(target.MethodName) + "(" + string.Join(", ", _tool.Parameters.Select(Argument)) + ")";
            if (continues)
            {
                w.Line("return " + Continuation(result, call, writer) + ";");
                w.Close();
            }
            else
            {
                if (result.Async != AsyncKind.None)
                {
                    call = "await " + call + ".ConfigureAwait(false)";
                }
                string conversion;
                if (result.Kind == ResultKind.Void)
                {
                    w.Line(call + ";");
                    conversion = Results + ".Empty()";
                }
                else
                {
                    w.Line("var result = " + call + ";");
                    conversion = Conversion(result, writer);
                }
                w.Line("return " + (awaits ? conversion : "new(" + conversion + ")") + ";");
                w.Close();
            }

            if (writer == Prefix + "_writeResult")
            {
                w.Line();
                w.Line("private static readonly global::TypedTools.Results.JsonValueWriter<" + result.Type!.DeclaredTypeName + "> " + writer + " = static (writer, value) =>");
                w.Open();
                EmitWrite(w, result.Type, "value", asResult: true);
                w.Close(";");
            }
        }

        /// <summary>
        /// The writer of a structured result: the runtime's for a primitive, the shared ToolTypes one for an enum, object or
        /// array (each handles null), or <paramref name="own"/>, a lambda of the tool's own, for a nullable value type.
        /// </summary>
        private static string ResultWriter(TypeSpec type, string own)
        {
            if (type.IsNullableValueType)
            {
                return own;
            }
            return type.IsPrimitive
                ? "global::TypedTools.Results.JsonValueWriters." + type.Kind
                : "global::" + GeneratedNamespace + "." + ToolTypesEmitter.ClassName + "." + ToolTypesEmitter.ResultWriterField(type.NonNullable);
        }

        /// <summary>The runtime helper that awaits an async method's task and converts what it completes with.</summary>
        private static string Continuation(ResultSpec result, string call, string? writer)
        {
            switch (result.Kind)
            {
                case ResultKind.Void:
                    return Results + ".EmptyAsync(" + call + ")";
                case ResultKind.Text:
                    return Results + ".ThenAsync(" + call + ", " + Results + ".TextConversion)";
                case ResultKind.CallToolResult:
                    return Results + ".ThenAsync(" + call + ", " + Results + ".ResultConversion)";
                case ResultKind.ContentBlock:
                    return Results + ".ThenAsync(" + call + ", " + Results + ".ContentBlockConversion)";
                case ResultKind.ContentBlocks:
                    return Results + ".ThenAsync(" + call + ", " + Results + ".ContentBlocksConversion)";
                default:
                    return Results + ".StructuredAsync(" + call + ", " + writer + ", wrapInResult: " + (result.WrapInResult ? "true" : "false") + ")";
            }
        }

        /// <summary>The preview's call, built like the tool's own (same services, same instance construction).</summary>
        private void EmitPreview(SourceWriter w)
        {
            if (!(_tool.Preview is PreviewSpec preview))
            {
                return;
            }
            TargetSpec target = _tool.Target;
            var parameters = preview.ParameterNames.Select(n => _tool.Parameters.First(p => p.Name == n)).ToList();
            bool needsServices = (preview.IsStatic ? parameters : target.ConstructorParameters.Concat(parameters)).Any(p =>
                p.Source == ParameterSource.Service || p.Source == ParameterSource.KeyedService || p.Source == ParameterSource.ServiceProvider);
            bool awaits = preview.Async != AsyncKind.None || !preview.IsStatic && target.Disposal == 2;
            w.Open("private static " + (awaits ? "async " : "") + "global::System.Threading.Tasks.ValueTask<string?> " + Prefix + "_Preview(" +
                   ArgumentsType + " arguments, " + RequestContext + " request, global::System.Threading.CancellationToken cancellationToken)");
            if (needsServices)
            {
                w.Line("global::System.IServiceProvider services = request.Services ?? throw new global::System.InvalidOperationException(\"The request has no service provider.\");");
            }
            string receiver = target.ContainingTypeName;
            if (!preview.IsStatic)
            {
                w.Line((target.Disposal == 2 ? "await using " : target.Disposal == 1 ? "using " : "") + target.ContainingTypeName + " instance = new " +
                       target.ContainingTypeName + "(" + string.Join(", ", target.ConstructorParameters.Select(Argument)) + ");");
                receiver = "instance";
            }
            string call = receiver + "." + Naming.Escaped(preview.MethodName) + "(" + string.Join(", ", parameters.Select(Argument)) + ")";
            w.Line("return " + (preview.Async != AsyncKind.None ? "await " + call + ".ConfigureAwait(false)" : awaits ? call : "new(" + call + ")") + ";");
            w.Close();
            w.Line();
        }

        private static string Conversion(ResultSpec result, string? writer)
        {
            switch (result.Kind)
            {
                case ResultKind.Text:
                    return Results + ".Text(result)";
                case ResultKind.CallToolResult:
                    return Results + ".ResultOrEmpty(result)";
                case ResultKind.ContentBlock:
                case ResultKind.ContentBlocks:
                    return Results + ".Content(result)";
                default:
                    return Results + ".Structured(result, " + writer + ", wrapInResult: " + (result.WrapInResult ? "true" : "false") + ")";
            }
        }

        private string Argument(ParameterSpec parameter)
        {
            switch (parameter.Source)
            {
                case ParameterSource.Json:
                    return Field(parameter);
                case ParameterSource.CancellationToken:
                    return "cancellationToken";
                case ParameterSource.Server:
                    return "request.Server";
                case ParameterSource.RequestContext:
                    return "request";
                case ParameterSource.Progress:
                    return "global::TypedTools.ToolProgress.For(request)";
                case ParameterSource.ClaimsPrincipal:
                    return "request.User!";
                case ParameterSource.Claim:
                    return "global::TypedTools.Policy.Identity.ClaimValues.Require(request.User, " + Literal(parameter.ClaimType!) + ")";
                case ParameterSource.ServiceProvider:
                    return "services";
                case ParameterSource.KeyedService:
                    return parameter.IsRequired
                        ? KeyedServiceExtensions + ".GetRequiredKeyedService<" + parameter.ClrTypeName + ">(services, " + parameter.ServiceKeyLiteral + ")"
                        : KeyedServiceExtensions + ".GetKeyedService<" + parameter.ClrTypeName + ">(services, " + parameter.ServiceKeyLiteral + ")!";
                default:
                    return parameter.IsRequired
                        ? ServiceExtensions + ".GetRequiredService<" + parameter.ClrTypeName + ">(services)"
                        : ServiceExtensions + ".GetService<" + parameter.ClrTypeName + ">(services)!";
            }
        }
    }
}
