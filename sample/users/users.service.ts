import { ConflictException, Injectable, NotFoundException } from '../../src/index';
import type { NewUser, UserPatch } from './user.schema';

export interface User {
  id: number;
  name: string;
  email: string;
}

/** An in-memory users store: the sample's stand-in for a repository. */
@Injectable()
export class UsersService {
  private readonly users = new Map<number, User>();
  private nextId = 1;

  constructor() {
    this.create({ name: 'Ada Lovelace', email: 'ada@example.com' });
    this.create({ name: 'Alan Turing', email: 'alan@example.com' });
  }

  list(limit: number, offset: number): User[] {
    return [...this.users.values()].slice(offset, offset + limit);
  }

  get(id: number): User {
    const user = this.users.get(id);
    if (user === undefined) throw new NotFoundException(`No user with id ${id}`);
    return user;
  }

  create(input: NewUser): User {
    for (const user of this.users.values()) {
      if (user.email === input.email) throw new ConflictException(`A user with email ${input.email} exists already`);
    }
    const user = { id: this.nextId++, ...input };
    this.users.set(user.id, user);
    return user;
  }

  update(id: number, patch: UserPatch): User {
    const user = this.get(id);
    Object.assign(user, patch);
    return user;
  }

  remove(id: number): void {
    if (!this.users.delete(id)) throw new NotFoundException(`No user with id ${id}`);
  }
}
