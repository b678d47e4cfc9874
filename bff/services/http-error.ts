/**
 * An error a service throws when the client asked for something it cannot have.
 * `reason` reaches the JSON body as `code`, for UIs that must tell cases apart.
 */
export class ClientError extends Error {
  constructor(readonly statusCode: 400 | 403 | 404 | 409 | 422 | 429, message: string, readonly reason?: string) {
    super(message)
    this.name = 'ClientError'
  }
}
