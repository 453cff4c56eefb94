import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { FleetController } from './fleet.controller';
import { FleetResolver } from './fleet.resolver';
import { FleetService } from './fleet.service';

/** Fleet report jobs (issue 16): uploads, progress and reports per team, on pg-boss. */
@Module({
  imports: [AuthModule],
  controllers: [FleetController],
  providers: [FleetService, FleetResolver],
})
export class FleetModule {}
