// The same routes with brute-force protection in each of the usual forms:
// nothing here may be reported.
const express = require('express');
const rateLimit = require('express-rate-limit');
const slowDown = require('express-slow-down');
const { RateLimiterMemory } = require('rate-limiter-flexible');
const { authLimiter } = require('./middleware/limits');

const app = express();
const loginLimiter = rateLimit({ windowMs: 15 * 60 * 1000, limit: 5 });
const speedLimiter = slowDown({ windowMs: 15 * 60 * 1000, delayAfter: 3 });
const otpLimiter = new RateLimiterMemory({ points: 5, duration: 60 });

app.post('/login', loginLimiter, async (req, res) => {
  res.json(await login(req.body.email, req.body.password));
});

app.post('/signin', rateLimit({ windowMs: 60000, max: 10 }), signIn);

app.post('/password/reset', speedLimiter, resetPassword);

app.post('/auth/magic-link', authLimiter, sendMagicLink);

app.post('/verify-otp', async (req, res) => {
  try {
    await otpLimiter.consume(req.ip);
  } catch {
    return res.status(429).send('Too many attempts');
  }
  res.json({ ok: await checkOtp(req.body.code) });
});

app.post('/2fa/verify', verify2fa);

async function verify2fa(req, res) {
  const { success } = await checkRateLimit(req.ip);
  if (!success) return res.status(429).end();
  res.json({ ok: true });
}

async function login(email, password) {
  return { email, password };
}

async function signIn(req, res) {
  res.json({});
}

async function resetPassword(req, res) {
  res.json({});
}

async function sendMagicLink(req, res) {
  res.json({});
}

async function checkOtp(code) {
  return code === '000000';
}

async function checkRateLimit(ip) {
  return { success: !!ip };
}

// An auth service handles sign-in (and its rate limiting).
const { createClient } = require('@supabase/supabase-js');
const supabase = createClient(process.env.SUPABASE_URL, process.env.SUPABASE_ANON_KEY);

app.post('/api/login', async (req, res) => {
  const { data, error } = await supabase.auth.signInWithPassword(req.body);
  res.json({ data, error });
});

// A router-wide limiter covers every route registered after it.
const auth = express.Router();
auth.use(rateLimit({ windowMs: 15 * 60 * 1000, limit: 20 }));
auth.post('/login', signIn);
auth.post('/forgot-password', resetPassword);
app.use('/auth', auth);
