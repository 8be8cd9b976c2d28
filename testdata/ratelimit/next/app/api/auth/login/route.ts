// app/api/auth/login/route.ts — a Next.js route handler signing users in.
import { NextResponse } from 'next/server';
import bcrypt from 'bcryptjs';
import { prisma } from '@/lib/prisma';
import { createSession } from '@/lib/session';

export async function GET() {
  return NextResponse.json({ methods: ['password'] });
}

export async function POST(request: Request) { // want TL207
  const { email, password } = await request.json();
  const user = await prisma.user.findUnique({ where: { email } });
  if (!user || !(await bcrypt.compare(password, user.passwordHash))) {
    return NextResponse.json({ error: 'Invalid email or password' }, { status: 401 });
  }
  await createSession(user.id);
  return NextResponse.json({ ok: true });
}
