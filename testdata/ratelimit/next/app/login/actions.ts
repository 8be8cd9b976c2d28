'use server';
// app/login/actions.ts — server actions behind the login form.
import { redirect } from 'next/navigation';
import bcrypt from 'bcryptjs';
import { db } from '@/lib/db';
import { createClient } from '@/utils/supabase/server';

export async function login(formData: FormData) { // want TL207
  const email = String(formData.get('email'));
  const user = await db.user.findUnique({ where: { email } });
  if (!user || !(await bcrypt.compare(String(formData.get('password')), user.hash))) {
    return { error: 'Invalid credentials' };
  }
  redirect('/dashboard');
}

export async function signInWithSupabase(formData: FormData) {
  const supabase = await createClient();
  const { error } = await supabase.auth.signInWithPassword({
    email: String(formData.get('email')),
    password: String(formData.get('password')),
  });
  if (error) redirect('/error');
  redirect('/');
}

export async function signInWithGithub() {
  redirect('/auth/github');
}

export async function logout() {
  redirect('/login');
}

export async function updateProfile(formData: FormData) {
  await db.user.update({ where: { id: String(formData.get('id')) }, data: { name: String(formData.get('name')) } });
}
