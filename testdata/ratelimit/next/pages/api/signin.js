// pages/api/signin.js — a pages-router handler.
import bcrypt from 'bcryptjs';
import { findUser } from '../../lib/users';

export default async function handler(req, res) { // want TL207
  if (req.method !== 'POST') {
    return res.status(405).end();
  }
  const user = await findUser(req.body.email);
  const ok = user && (await bcrypt.compare(req.body.password, user.hash));
  res.status(ok ? 200 : 401).json({ ok });
}
