// docs/protocol.schema.json as a checker for tests: the frames a test's client sends and the
// events a test plays as the server must be ones the protocol allows.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';

// Tests run in web/ (npm's working directory).
const SCHEMA_PATH = resolve(process.cwd(), '../docs/protocol.schema.json');

/** The schema document, as JSON. */
export const protocolSchema = JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')) as {
  definitions: Record<string, { properties?: { type?: { enum?: string[] } } }>;
};

const ajv = new Ajv({ allErrors: true, strict: false });
ajv.addSchema(protocolSchema, 'protocol');
const validators: Record<'request' | 'event', ValidateFunction> = {
  request: ajv.getSchema('protocol#/definitions/request')!,
  event: ajv.getSchema('protocol#/definitions/event')!,
};

/** Throws, naming every mismatch, when `frame` is not a `kind` the protocol allows. */
export function assertAllowed(kind: 'request' | 'event', frame: unknown): void {
  const validate = validators[kind];
  if (validate(frame)) return;
  throw new Error(
    `a ${kind} that docs/protocol.schema.json does not allow: ${JSON.stringify(frame)}\n` +
      ajv.errorsText(validate.errors, { separator: '\n' }),
  );
}

/** The `type` of every request or event the schema names. */
export function schemaTypes(kind: 'request' | 'event'): string[] {
  return protocolSchema.definitions[kind]?.properties?.type?.enum ?? [];
}
