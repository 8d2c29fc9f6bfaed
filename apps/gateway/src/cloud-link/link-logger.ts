/**
 * The logging the link does, as pino's method signature (a pino logger fits as is). The link logs codes,
 * revisions and event numbers — never a token or a key.
 */
export interface LinkLogger {
  debug(fields: object, message: string): void;
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}
