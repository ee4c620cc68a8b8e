// docs/openapi.yaml is a valid OpenAPI document (checked by a validator of the official schemas).
import { resolve } from 'node:path';
import { Validator } from '@seriousme/openapi-schema-validator';
import { expect, it } from 'vitest';

it('docs/openapi.yaml is valid OpenAPI', async () => {
  const path = resolve(process.cwd(), '../docs/openapi.yaml'); // tests run in web/
  const result = await new Validator().validate(path);
  expect(result.errors ?? []).toEqual([]);
  expect(result.valid).toBe(true);
});
