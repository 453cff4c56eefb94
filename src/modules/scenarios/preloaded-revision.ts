import { isObjectType } from 'graphql';
import type { GraphQLFieldResolver, GraphQLSchema } from 'graphql';
import type { RevisionRecord } from './scenario.types';

/** A listed scenario's latest revision, read with the page (ScenarioRepository.listScenarios). */
export const PRELOADED_LATEST_REVISION = Symbol('preloadedLatestRevision');

export interface WithPreloadedRevision {
  [PRELOADED_LATEST_REVISION]?: RevisionRecord;
}

export const preloadedLatestRevision = (s: object): RevisionRecord | undefined =>
  (s as WithPreloadedRevision)[PRELOADED_LATEST_REVISION];

const WRAPPED = Symbol('preloadedLatestRevisionResolver');

/**
 * `Scenario.latestRevision` answers a revision read with the page directly; any other scenario
 * (one fetched by id, one just saved) goes through the @ResolveField resolver and its loader.
 * Nest's wrapper around a field resolver (parameter extraction, an ExecutionContext for
 * @CurrentCaller, several promises) runs once per listed scenario, a hundred times for a full
 * page, for a value that is already there (bench/list-scenarios.ts times the page). Field
 * resolvers run no guards or interceptors here (no `fieldResolverEnhancers`), and the preloaded
 * revision was read under the same team scope as the page, so nothing is skipped but the wrapper.
 */
export function usePreloadedLatestRevision(schema: GraphQLSchema): void {
  const type = schema.getType('Scenario');
  const field = isObjectType(type) ? type.getFields()['latestRevision'] : undefined;
  const viaResolver = field?.resolve as
    (GraphQLFieldResolver<object, unknown> & { [WRAPPED]?: true }) | undefined;
  if (!field || !viaResolver) {
    throw new Error('Scenario.latestRevision has no resolver to answer preloaded revisions before');
  }
  if (viaResolver[WRAPPED]) return;
  const resolve: GraphQLFieldResolver<object, unknown> & { [WRAPPED]?: true } = (
    parent,
    args,
    context,
    info,
  ) => preloadedLatestRevision(parent) ?? viaResolver(parent, args, context, info);
  resolve[WRAPPED] = true;
  field.resolve = resolve;
}
