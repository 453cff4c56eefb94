import { DynamicModule, Global, Module } from '@nestjs/common';
import { DatabaseProbe } from './database-probe';
import { DATABASE_URL } from './database-url';
import { MigrationRunner } from './migration-runner';
import { PrismaService } from './prisma.service';

@Global()
@Module({})
export class DatabaseModule {
  static forRoot(databaseUrl: string): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [
        { provide: DATABASE_URL, useValue: databaseUrl },
        { provide: MigrationRunner, useFactory: () => new MigrationRunner(databaseUrl) },
        PrismaService,
        DatabaseProbe,
      ],
      exports: [PrismaService, DATABASE_URL, MigrationRunner, DatabaseProbe],
    };
  }
}
