// Koa and Fastify login routes in TypeScript.
import Koa from 'koa';
import Router from '@koa/router';
import ratelimit from 'koa-ratelimit';
import Fastify, { FastifyRequest } from 'fastify';
import bcrypt from 'bcryptjs';
import { users } from './db';

const koa = new Koa();
const router = new Router();

router.post('/api/login', async (ctx) => { // want TL207
  const { email, password } = ctx.request.body as { email: string; password: string };
  const user = await users.byEmail(email);
  ctx.assert(user && (await bcrypt.compare(password, user.hash)), 401);
  ctx.body = { ok: true };
});

router.post('/api/reset-password/:token', async (ctx) => { // want TL207
  ctx.body = await users.resetPassword(ctx.params.token, (ctx.request.body as { password: string }).password);
});

router.get('/api/login', async (ctx) => {
  ctx.body = { providers: ['password'] };
});

koa.use(router.routes());

const fastify = Fastify();

fastify.post('/auth/token', async (req: FastifyRequest<{ Body: { username: string; password: string } }>) => { // want TL207
  const user = await users.byEmail(req.body.username);
  return { ok: user && (await bcrypt.compare(req.body.password, user.hash)) };
});

fastify.route({
  method: 'POST',
  url: '/auth/mfa/verify', // want TL207
  handler: async (req) => ({ ok: (req.body as { code: string }).code === '123456' }),
});

// Look-alikes that must stay silent.

fastify.post('/auth/login', { config: { rateLimit: { max: 5, timeWindow: '1 minute' } } }, async () => ({ ok: true }));

fastify.post('/api/session/refresh', async () => ({ ok: true }));

fastify.post('/auth/session', async () => ({ user: null })); // no password read: not a login

fastify.route({ method: 'GET', url: '/auth/login', handler: async () => 'form' });

const limited = new Router();
limited.use(ratelimit({ driver: 'memory', db: new Map(), duration: 60000, max: 10 }));
limited.post('/signin', async (ctx) => {
  ctx.body = { ok: true };
});
