import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import fastifyStatic from '@fastify/static'

/** The entry pages WeCom is configured with; each serves the SPA, which routes by hash. */
export const PAGE_PATHS = ['/', '/sidebar', '/tasks', '/supervisor', '/demo'] as const

/**
 * Serves the built web app. index.html is never cached (WeCom's webview caches it hard and
 * users would keep an old build); hashed assets are cached for a year.
 */
export default async function webPlugin(app: FastifyInstance, opts: { root: string }) {
  const indexPath = join(opts.root, 'index.html')
  if (!existsSync(indexPath)) {
    app.log.warn(`web build not found at ${opts.root}; run \`npm run build\``)
    return
  }
  const indexHtml = readFileSync(indexPath)
  await app.register(fastifyStatic, {
    root: opts.root,
    index: false,
    wildcard: true,
    setHeaders(res, path) {
      if (path.includes('/assets/'))
        res.setHeader('Cache-Control', 'public, max-age=31536000, immutable')
    },
  })
  for (const path of PAGE_PATHS) {
    app.get(path, (_request, reply) => {
      reply.header('Cache-Control', 'no-cache, no-store, must-revalidate').header('Pragma', 'no-cache').header('Expires', '-1')
      return reply.type('text/html; charset=utf-8').send(indexHtml)
    })
  }
}
