import { Module } from '../../src/index';
import { ApiKeyGuard } from './api-key.guard';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';

@Module({ controllers: [UsersController], providers: [UsersService, ApiKeyGuard], exports: [UsersService] })
export class UsersModule {}
