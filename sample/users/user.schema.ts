import { z } from 'zod';

// zod implements Standard Schema, so @Body(schema) validates with it directly.
export const NewUserSchema = z.object({
  name: z.string().min(1).max(100),
  email: z.email(),
});
export type NewUser = z.infer<typeof NewUserSchema>;

export const UserPatchSchema = NewUserSchema.partial();
export type UserPatch = z.infer<typeof UserPatchSchema>;
