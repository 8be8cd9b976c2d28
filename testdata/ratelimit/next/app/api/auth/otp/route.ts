// app/api/auth/otp/route.ts — the limiter is created but never consulted.
import { NextResponse } from 'next/server';
import { Ratelimit } from '@upstash/ratelimit';
import { Redis } from '@upstash/redis';
import { verifyCode } from '@/lib/otp';

const ratelimit = new Ratelimit({ redis: Redis.fromEnv(), limiter: Ratelimit.fixedWindow(5, '1 m') });

export const POST = async (request: Request) => { // want TL207
  const { phone, code } = await request.json();
  return NextResponse.json({ ok: await verifyCode(phone, code) });
};
