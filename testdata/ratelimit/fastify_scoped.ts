// With global: false only routes that opt in are limited.
import Fastify from 'fastify';
import rateLimit from '@fastify/rate-limit';

const app = Fastify();
await app.register(rateLimit, { global: false });

app.post('/login', { config: { rateLimit: { max: 5, timeWindow: '1 minute' } } }, async (req) => ({ user: req.body }));
app.post('/forgot-password', async () => ({ ok: true })); // want TL207
