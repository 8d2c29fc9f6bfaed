/** A refused code or session, answered by the local API with its stable code (local-api-error.ts). */
export class AppSessionError extends Error {
  readonly code = "AUTH_INVALID";

  constructor(message: string) {
    super(message);
    this.name = "AppSessionError";
  }
}
