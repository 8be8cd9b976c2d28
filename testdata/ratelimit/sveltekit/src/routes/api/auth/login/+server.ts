// src/routes/api/auth/login/+server.ts — a SvelteKit endpoint.
import { json, error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { verifyUser } from '$lib/server/users';

export const GET: RequestHandler = async () => json({ methods: ['password'] });

export const POST: RequestHandler = async ({ request, cookies }) => { // want TL207
  const { email, password } = await request.json();
  const user = await verifyUser(email, password);
  if (!user) throw error(401, 'Invalid credentials');
  cookies.set('session', user.sessionId, { path: '/', httpOnly: true, secure: true });
  return json({ ok: true });
};
