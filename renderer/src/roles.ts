import type { Role } from '../../shared/domain/vocab'

/** Each role's home screen: the secretary takes in demands, the chair confirms topics, the leader reads. */
export const ROLE_HOME: Record<Role, string> = {
  secretary: '/collect',
  chair: '/confirm',
  leader: '/dashboard',
}
