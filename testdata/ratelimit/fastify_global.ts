// @fastify/rate-limit registered globally limits every route.
import Fastify from 'fastify';
import rateLimit from '@fastify/rate-limit';

const app = Fastify();
await app.register(rateLimit, { max: 100, timeWindow: '1 minute' });

app.post('/login', async (req) => ({ user: req.body }));
app.post('/forgot-password', async () => ({ ok: true }));
