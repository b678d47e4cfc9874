import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import type { Db, DbHandle } from '#db/client.ts'

declare module 'fastify' {
  interface FastifyInstance {
    db: Db
    sqlite: DbHandle['sqlite']
  }
}

/** Exposes the already-open database; whoever opened it closes it. */
export default fp(async (app: FastifyInstance, opts: { handle: DbHandle }) => {
  app.decorate('db', opts.handle.db)
  app.decorate('sqlite', opts.handle.sqlite)
}, { name: 'db' })
