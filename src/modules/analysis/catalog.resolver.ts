import { Query, Resolver } from '@nestjs/graphql';
import { listRules, sidecarPatterns } from '../../engine';
import { Rule, SidecarPattern } from './models/advice.model';

@Resolver()
export class CatalogResolver {
  @Query(() => [SidecarPattern], {
    description:
      'The multi-container patterns the advisor knows, with when to use them and when not.',
  })
  sidecarPatterns(): SidecarPattern[] {
    return sidecarPatterns();
  }

  @Query(() => [Rule], {
    description: 'Every rule the analysis can report, with its id, severity and documentation.',
  })
  rules(): Rule[] {
    return listRules();
  }
}
