import { Module } from '../src/index';
import { RootController } from './root.controller';
import { UsersModule } from './users/users.module';

@Module({ imports: [UsersModule], controllers: [RootController] })
export class AppModule {}
