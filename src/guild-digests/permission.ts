/**
 * Who may add and remove a server's digests: members with Manage Server, and members with the role the server named
 * with /digest-config role. Everyone in the server may list and show them.
 */
export function mayManageDigests(member: { managesServer: boolean; roleIds: readonly string[] }, managerRoleId: string | undefined): boolean {
  return member.managesServer || (managerRoleId !== undefined && member.roleIds.includes(managerRoleId));
}
