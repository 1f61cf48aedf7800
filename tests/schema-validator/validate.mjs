// An independent judge for the differential schema tests: reads
//   [{ "schema": <JSON Schema>, "instances": ["<JSON text>", ...] }, ...]
// on stdin and writes, for each schema, whether it is a valid schema and whether each instance validates:
//   [{ "schemaError": null | "<message>", "results": [{ "valid": true|false, "errors": "<text>" }, ...] }, ...]
// Instances travel as text so that each is parsed here exactly once, by JSON.parse.
// The first argument picks the dialect: "2020-12" (the default, MCP's) or "draft-07", the Ajv class that
// `import Ajv from "ajv"` gives and many MCP clients validate tool schemas with.
import Ajv2020 from "ajv/dist/2020.js";
import AjvDraft07 from "ajv";
import addFormats from "ajv-formats";

const Ajv = { "2020-12": Ajv2020, "draft-07": AjvDraft07 }[process.argv[2] ?? "2020-12"];
if (!Ajv) throw new Error(`unknown dialect ${process.argv[2]}`);

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const batches = JSON.parse(Buffer.concat(chunks).toString("utf8"));

const output = batches.map(({ schema, instances }) => {
  // strict: unknown keywords, formats or ill-typed keywords are errors, not silently ignored.
  const ajv = new Ajv({ strict: true, allErrors: true, validateFormats: true });
  addFormats(ajv);
  let validate;
  try {
    validate = ajv.compile(schema);
  } catch (error) {
    return { schemaError: String(error.message), results: [] };
  }
  const results = instances.map((text) => {
    const valid = validate(JSON.parse(text));
    return { valid, errors: valid ? "" : ajv.errorsText(validate.errors) };
  });
  return { schemaError: null, results };
});
process.stdout.write(JSON.stringify(output));
