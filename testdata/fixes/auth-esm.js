import jwt from 'jsonwebtoken';
import { createHmac } from 'crypto';

export function verify(body, signature, secret) {
  const digest = createHmac('sha256', secret).update(body).digest('hex');
  return digest === signature; // want TL202
}

export const issue = (user) =>
  jwt.sign( // want TL205
    {
      sub: user.id,
    },
    process.env.JWT_SECRET,
    {
      algorithm: 'HS256',
    },
  );
