import { Query, Resolver } from '@nestjs/graphql';
import { CatalogService } from './catalog.service';
import { Rule, SidecarPattern } from './models/advice.model';

@Resolver()
export class CatalogResolver {
  constructor(private readonly catalog: CatalogService) {}

  @Query(() => [SidecarPattern], {
    description:
      'The multi-container patterns the advisor knows, with when to use them and when not.',
  })
  sidecarPatterns(): SidecarPattern[] {
    return this.catalog.sidecarPatterns();
  }

  @Query(() => [Rule], {
    description: 'Every rule the analysis can report, with its id, severity and documentation.',
  })
  rules(): Rule[] {
    return this.catalog.rules();
  }
}
