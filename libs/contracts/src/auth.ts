import { Type, type Static } from 'typebox';
import { Uuid } from './domain';

export const LoginBody = Type.Object(
  {
    email: Type.String({ minLength: 3, maxLength: 254 }),
    password: Type.String({ minLength: 1, maxLength: 256 }),
  },
  { additionalProperties: false },
);
export type LoginBody = Static<typeof LoginBody>;

export const Role = Type.Union([Type.Literal('owner'), Type.Literal('admin'), Type.Literal('agent')]);

export const CurrentUser = Type.Object({
  id: Uuid,
  email: Type.String(),
  display_name: Type.String(),
  role: Role,
  organization_id: Uuid,
});
export type CurrentUser = Static<typeof CurrentUser>;

export const LoginResponse = Type.Object({ user: CurrentUser, csrf_token: Type.String() });
export type LoginResponse = Static<typeof LoginResponse>;

export const MeResponse = Type.Object({
  user: CurrentUser,
  organization: Type.Object({ id: Uuid, name: Type.String(), slug: Type.String() }),
  session: Type.Object({ expires_at: Type.String() }),
});
export type MeResponse = Static<typeof MeResponse>;

export const CsrfResponse = Type.Object({ csrf_token: Type.String() });

export const ChangePasswordBody = Type.Object(
  {
    current_password: Type.String({ minLength: 1, maxLength: 256 }),
    new_password: Type.String({ minLength: 1, maxLength: 256 }),
  },
  { additionalProperties: false },
);
export type ChangePasswordBody = Static<typeof ChangePasswordBody>;

export const ChangePasswordResponse = Type.Object({ other_sessions_ended: Type.Integer({ minimum: 0 }) });
