import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  buildSchema,
  GraphQLEnumType,
  GraphQLInputObjectType,
  GraphQLObjectType,
  GraphQLScalarType,
} from 'graphql';
import { printAppSchema } from '../../src/schema-printer';
import { bootApp } from '../support/app';
import { REPO_ROOT, testDataPath } from '../support/shared';

describe('src/schema.gql', () => {
  let app: NestFastifyApplication;
  let served: string;
  beforeAll(async () => {
    app = await bootApp();
    served = printAppSchema(app);
  });
  afterAll(() => app.close());

  it('is exactly the schema the code serves (run `npm run schema:generate` after a change)', () => {
    const committed = readFileSync(path.join(REPO_ROOT, 'src', 'schema.gql'), 'utf8');
    expect(committed).toBe(served);
  });

  it('keeps every type, field, argument and enum value of the contract, with the same types', () => {
    const contract = buildSchema(
      readFileSync(testDataPath('contract', 'api-contract.graphql'), 'utf8'),
    );
    const ours = buildSchema(served);
    const problems: string[] = [];
    for (const [name, type] of Object.entries(contract.getTypeMap())) {
      if (name.startsWith('__')) continue;
      const mine = ours.getType(name);
      if (!mine) {
        problems.push(`missing type ${name}`);
        continue;
      }
      if (type.constructor !== mine.constructor) {
        problems.push(
          `${name} is a ${mine.constructor.name}, the contract has a ${type.constructor.name}`,
        );
        continue;
      }
      if (type instanceof GraphQLEnumType && mine instanceof GraphQLEnumType) {
        for (const v of type.getValues()) {
          if (!mine.getValue(v.name)) problems.push(`missing enum value ${name}.${v.name}`);
        }
      }
      if (
        (type instanceof GraphQLObjectType || type instanceof GraphQLInputObjectType) &&
        'getFields' in mine
      ) {
        const fields = (mine as GraphQLObjectType).getFields();
        for (const [f, def] of Object.entries(type.getFields())) {
          const field = fields[f];
          if (!field) {
            problems.push(`missing field ${name}.${f}`);
            continue;
          }
          if (String(field.type) !== String(def.type)) {
            problems.push(
              `${name}.${f}: ${String(field.type)} where the contract has ${String(def.type)}`,
            );
          }
          for (const arg of 'args' in def ? def.args : []) {
            const ourArg = ('args' in field ? field.args : []).find((x) => x.name === arg.name);
            if (!ourArg) problems.push(`missing argument ${name}.${f}(${arg.name})`);
            else if (String(ourArg.type) !== String(arg.type)) {
              problems.push(
                `${name}.${f}(${arg.name}): ${String(ourArg.type)} where the contract has ${String(arg.type)}`,
              );
            } else if (JSON.stringify(ourArg.defaultValue) !== JSON.stringify(arg.defaultValue)) {
              problems.push(
                `${name}.${f}(${arg.name}) default ${String(ourArg.defaultValue)} where the contract has ${String(arg.defaultValue)}`,
              );
            }
          }
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('documents every type, field, argument and enum value (descriptions show in the playground)', () => {
    const ours = buildSchema(served);
    const undocumented: string[] = [];
    for (const [name, type] of Object.entries(ours.getTypeMap())) {
      if (name.startsWith('__') || type instanceof GraphQLScalarType) continue;
      if (!type.description) undocumented.push(name);
      if (type instanceof GraphQLEnumType) {
        for (const v of type.getValues()) {
          if (!v.description) undocumented.push(`${name}.${v.name}`);
        }
      }
      if (type instanceof GraphQLObjectType || type instanceof GraphQLInputObjectType) {
        for (const [f, field] of Object.entries(type.getFields())) {
          if (!field.description) undocumented.push(`${name}.${f}`);
          for (const arg of 'args' in field ? field.args : []) {
            if (!arg.description) undocumented.push(`${name}.${f}(${arg.name})`);
          }
        }
      }
    }
    expect(undocumented).toEqual([]);
  });
});
