// Validates Kubernetes objects against Istio CRDs' OpenAPI v3 schemas with ajv.
// Usage: node check.mjs CRD_YAML DOC_YAML...
// Prints "ok|FAIL|skip KIND NAMESPACE/NAME [errors]" per object; exits 1 if any fails.
import fs from 'node:fs';
import yaml from 'js-yaml';
import Ajv from 'ajv';

const [crdFile, ...docFiles] = process.argv.slice(2);
if (!crdFile || docFiles.length === 0) {
  console.error('usage: node check.mjs CRD_YAML DOC_YAML...');
  process.exit(2);
}

const ajv = new Ajv({ strict: false, allErrors: true, logger: false });
const int = (bits) => ({ type: 'number', validate: (n) => Number.isInteger(n) && Math.abs(n) < 2 ** (bits - 1) });
ajv.addFormat('int32', int(32));
ajv.addFormat('int64', int(64));
ajv.addFormat('double', { type: 'number', validate: () => true });
ajv.addFormat('byte', { type: 'string', validate: (s) => /^[A-Za-z0-9+/]*={0,2}$/.test(s) });
ajv.addFormat('date-time', { type: 'string', validate: () => true });

// "group/version Kind" -> compiled validator
const validators = new Map();
for (const crd of yaml.loadAll(fs.readFileSync(crdFile, 'utf8'))) {
  if (!crd || crd.kind !== 'CustomResourceDefinition') continue;
  for (const version of crd.spec.versions) {
    const key = `${crd.spec.group}/${version.name} ${crd.spec.names.kind}`;
    validators.set(key, ajv.compile(version.schema.openAPIV3Schema));
  }
}

let failed = 0;
for (const file of docFiles) {
  for (const doc of yaml.loadAll(fs.readFileSync(file, 'utf8'))) {
    if (!doc || typeof doc !== 'object') continue;
    const id = `${doc.kind} ${doc.metadata?.namespace ?? 'default'}/${doc.metadata?.name}`;
    const validate = validators.get(`${doc.apiVersion} ${doc.kind}`);
    if (!validate) {
      console.log(`skip ${id}`);
      continue;
    }
    if (validate(doc)) {
      console.log(`ok ${id}`);
    } else {
      failed++;
      const errors = validate.errors.map((e) => `${e.instancePath} ${e.message}`).join('; ');
      console.log(`FAIL ${id}: ${errors}`);
    }
  }
}
process.exit(failed ? 1 : 0);
