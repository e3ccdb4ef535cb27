import {
  Body, Controller, DefaultValuePipe, Delete, Get, HttpCode, Param, ParseIntPipe, Patch, Post, Query, UseGuards,
} from '../../src/index';
import { ApiKeyGuard } from './api-key.guard';
import { NewUserSchema, UserPatchSchema, type NewUser, type UserPatch } from './user.schema';
import { UsersService, type User } from './users.service';

@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  list(
    @Query('limit', new DefaultValuePipe(20), ParseIntPipe) limit: number,
    @Query('offset', new DefaultValuePipe(0), ParseIntPipe) offset: number,
  ): User[] {
    return this.users.list(limit, offset);
  }

  @Get(':id(\\d+)')
  findOne(@Param('id', ParseIntPipe) id: number): User {
    return this.users.get(id);
  }

  @Post()
  @UseGuards(ApiKeyGuard)
  create(@Body(NewUserSchema) input: NewUser): User {
    return this.users.create(input);
  }

  @Patch(':id(\\d+)')
  @UseGuards(ApiKeyGuard)
  update(@Param('id', ParseIntPipe) id: number, @Body(UserPatchSchema) patch: UserPatch): User {
    return this.users.update(id, patch);
  }

  @Delete(':id(\\d+)')
  @UseGuards(ApiKeyGuard)
  @HttpCode(204)
  remove(@Param('id', ParseIntPipe) id: number): void {
    this.users.remove(id);
  }
}
