// app/api/auth/magic-link/route.ts — wrapped in a rate-limiting helper.
import { NextResponse } from 'next/server';
import { withRateLimit } from '@/lib/with-rate-limit';
import { sendMagicLink } from '@/lib/mail';

export const POST = withRateLimit(async (request: Request) => {
  const { email } = await request.json();
  await sendMagicLink(email);
  return NextResponse.json({ ok: true });
});
