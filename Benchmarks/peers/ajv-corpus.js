// ajv (Debian's node-ajv, draft-07) on the schema corpus, formats asserted: each schema rewritten to
// draft-07 as in ajv-order.js ($defs kept for JSON Pointer refs, $ref with siblings → allOf,
// $dynamicRef → $ref to the corpus's extension point, 2019+ keywords ajv 6 lacks noted per schema).
// Prints "name valid-µs invalid-µs verdicts" per schema.
const fs = require('fs');
const path = require('path');
const Ajv = require('ajv');
const dir = process.argv[2];
const iterations = Number(process.argv[3] || 20000);

function toDraft7(schema) {
  if (Array.isArray(schema)) return schema.map(toDraft7);
  if (schema === null || typeof schema !== 'object') return schema;
  const out = {};
  for (const [k, v] of Object.entries(schema)) {
    if (k === '$schema' || k === '$dynamicAnchor' || k === 'x-rules') continue;
    if (k === '$dynamicRef') { out.$ref = 'https://bench.interchange.dev/erp-record#/definitions/extendedLine'; continue; }
    if (k === 'dependentRequired') { out.dependencies = v; continue; }
    const key = k === '$defs' ? 'definitions' : k;
    out[key] = (k === 'properties' || k === '$defs' || k === 'patternProperties')
      ? Object.fromEntries(Object.entries(v).map(([n, s]) => [n, toDraft7(s)]))
      : toDraft7(v);
  }
  if (out.$ref && typeof out.$ref === 'string') out.$ref = out.$ref.replace('#/$defs/', '#/definitions/');
  if (out.$ref && Object.keys(out).some(k => !['$ref', 'description', '$id'].includes(k) && !k.startsWith('x-'))) {
    const ref = out.$ref; delete out.$ref;
    return { allOf: [{ $ref: ref }, out] };
  }
  return out;
}

const names = fs.readdirSync(dir).filter(f => f.endsWith('.schema.json')).map(f => f.replace('.schema.json', '')).sort();
for (const name of names) {
  const load = f => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'));
  const ajv = new Ajv({ schemaId: '$id', format: 'fast', unknownFormats: 'ignore', logger: false, extendRefs: true });
  let validate;
  try {
    const schema = toDraft7(load(name + '.schema.json'));
    // The base record of the dynamic-ref schema is its own resource: register it first.
    if (schema.definitions && schema.definitions.base && schema.definitions.base.$id) ajv.addSchema(schema.definitions.base);
    validate = ajv.compile(schema);
  } catch (error) {
    console.log(`${name} - - compile-error:${error.message.replace(/\s+/g, '_').slice(0, 60)}`);
    continue;
  }
  const valid = load(name + '.valid.json'), invalid = load(name + '.invalid.json');
  const verdicts = `${validate(valid) ? 'valid' : 'INVALID'}/${validate(invalid) ? 'VALID' : 'invalid'}`;
  const time = instance => {
    for (let i = 0; i < Math.min(iterations, 2000); i++) validate(instance);
    const start = process.hrtime.bigint();
    for (let i = 0; i < iterations; i++) validate(instance);
    return Number(process.hrtime.bigint() - start) / 1000 / iterations;
  };
  console.log(`${name} ${time(valid).toFixed(3)} ${time(invalid).toFixed(3)} ${verdicts}`);
}
