// A second, independent MCP client: the official TypeScript SDK. It starts the server given on the command line over
// stdio, lists its tools (the SDK checks the answer against the protocol's schema), makes the calls read from stdin
// ([{"tool": ..., "arguments": {...}}]; the SDK checks each structured result against the tool's output schema with
// Ajv) and prints {"protocolVersion", "tools", "calls": [{"result"} or {"error"}]} as JSON.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";

const [command, ...args] = process.argv.slice(2);
let input = "";
for await (const chunk of process.stdin) {
  input += chunk;
}
const calls = JSON.parse(input || "[]");

const transport = new StdioClientTransport({ command, args, stderr: "ignore" });
const client = new Client({ name: "typedtools-ts-client", version: "1.0.0" });
await client.connect(transport);
try {
  const { tools } = await client.listTools();
  const results = [];
  for (const call of calls) {
    try {
      results.push({ result: await client.callTool({ name: call.tool, arguments: call.arguments }) });
    } catch (error) {
      results.push({ error: String(error?.message ?? error) });
    }
  }
  console.log(JSON.stringify({ protocolVersion: transport.protocolVersion ?? null, tools, calls: results }));
} finally {
  await client.close();
}
