// UserError: bad input or missing permission, shown to the user in their language (with usage).
// Anything else is an internal error, caught only by the router.
export class UserError extends Error {
  constructor(
    readonly messageKey: string,
    readonly params: Record<string, string | number> = {},
    readonly options: { showUsage?: boolean } = {},
  ) {
    super(messageKey);
    this.name = 'UserError';
  }
}
