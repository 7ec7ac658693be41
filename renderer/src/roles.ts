import { ROLES, type Role } from '../../shared/domain/vocab'
import { routes } from './router'

/** Reads each role's home screen from the routes' meta (homeFor); collect when none names it. */
export function roleHomes(list = routes): Record<Role, string> {
  const homes = {} as Record<Role, string>
  for (const role of ROLES) homes[role] = list.find((r) => r.meta?.homeFor?.includes(role))?.path ?? '/collect'
  return homes
}

/** Each role's home screen: the secretary takes in demands, the chair confirms topics, the leader reads. */
export const ROLE_HOME: Record<Role, string> = roleHomes()
