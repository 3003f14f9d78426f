// Roles nest: admin ⊃ risk ⊃ trader. A user's effective role is the highest of their own grant,
// their conversation's grant and the configured admins.
export const ROLES = ['trader', 'risk', 'admin'] as const;
export type Role = (typeof ROLES)[number];
export type RequiredRole = Role | 'anyone';

export function roleRank(role: Role | null): number {
  return role === null ? 0 : ROLES.indexOf(role) + 1;
}

export function highestRole(roles: (Role | null | undefined)[]): Role | null {
  let best: Role | null = null;
  for (const role of roles) if (role && roleRank(role) > roleRank(best)) best = role;
  return best;
}

/** `anyone` still means "anyone allowed": a user with no role at all is denied by default. */
export function mayRun(userRole: Role | null, required: RequiredRole): boolean {
  if (userRole === null) return false;
  return required === 'anyone' || roleRank(userRole) >= roleRank(required);
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
