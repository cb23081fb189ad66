// ajv (Debian's node-ajv) validating the same Order instance against the same Order contract.
// ajv 6 speaks draft-07, so the 2020-12 schema is rewritten: $defs stay (JSON Pointer refs work on
// any location), a $ref with sibling keywords becomes allOf, and the hub's formats are added.
const fs = require('fs');
const Ajv = require('ajv');
const dir = process.argv[2];
const assertFormats = process.argv[3] !== 'annotations';
const iterations = 200000;

function toDraft7(schema) {
  if (Array.isArray(schema)) return schema.map(toDraft7);
  if (schema === null || typeof schema !== 'object') return schema;
  const out = {};
  for (const [k, v] of Object.entries(schema)) {
    if (k === '$schema') continue;
    if (k === 'x-rules') continue;
    out[k] = (k === 'properties' || k === '$defs' || k === 'patternProperties')
      ? Object.fromEntries(Object.entries(v).map(([n, s]) => [n, toDraft7(s)]))
      : toDraft7(v);
  }
  if (out.$ref && Object.keys(out).some(k => !['$ref', 'description'].includes(k) && !k.startsWith('x-'))) {
    const ref = out.$ref; delete out.$ref;
    return { allOf: [{ $ref: ref }, out] };
  }
  return out;
}

const currencies = new Set(fs.readFileSync(dir + '/currencies.txt', 'utf8').trim().split(/\s+/));
const countries = new Set(fs.readFileSync(dir + '/countries.txt', 'utf8').trim().split(/\s+/));
const ajv = new Ajv({ schemaId: '$id', format: assertFormats ? 'fast' : false, unknownFormats: 'ignore', logger: false });
if (assertFormats) {
  ajv.addFormat('decimal', /^-?[0-9]+(\.[0-9]+)?$/);
  ajv.addFormat('currency', s => currencies.has(s));
  ajv.addFormat('country', s => countries.has(s));
  ajv.addFormat('gstin', s => /^[0-9]{2}[0-9A-Z]{13}$/.test(s));
}
ajv.addSchema(toDraft7(JSON.parse(fs.readFileSync(dir + '/common.schema.json', 'utf8'))));
const validate = ajv.compile(toDraft7(JSON.parse(fs.readFileSync(dir + '/order.schema.json', 'utf8'))));
const order = JSON.parse(fs.readFileSync(dir + '/order.json', 'utf8'));
if (!validate(order)) { console.error(validate.errors); process.exit(1); }
for (let i = 0; i < 20000; i++) validate(order);
const start = process.hrtime.bigint();
let valid = 0;
for (let i = 0; i < iterations; i++) if (validate(order)) valid++;
const micros = Number(process.hrtime.bigint() - start) / 1000 / iterations;
if (valid !== iterations) process.exit(1);
console.log(`ajv ${require('ajv/package.json').version} (formats ${assertFormats ? 'asserted' : 'off'}): ${micros.toFixed(3)} µs/validation`);
