// Auth routes the way an assistant writes them for an Express app.
const express = require('express');
const bcrypt = require('bcrypt');
const rateLimit = require('express-rate-limit'); // imported, never used on these routes
const jwt = require('jsonwebtoken');
const { User, ResetToken } = require('./models');
const { sendMail } = require('./mail');

const app = express();
app.use(express.json());

app.get('/login', (req, res) => {
  res.render('login'); // the form itself: nothing to guess here
});

app.post('/login', async (req, res) => { // want TL207
  const { email, password } = req.body;
  const user = await User.findOne({ email });
  if (!user || !(await bcrypt.compare(password, user.passwordHash))) {
    return res.status(401).json({ error: 'Invalid credentials' });
  }
  // TODO: add rate limiting before launch
  const token = jwt.sign({ sub: user.id }, process.env.JWT_SECRET, { expiresIn: '15m' });
  res.json({ token });
});

app.post('/api/auth/forgot-password', async (req, res) => { // want TL207
  const user = await User.findOne({ email: req.body.email });
  if (user) {
    const token = await ResetToken.createFor(user);
    await sendMail(user.email, `Reset: https://example.com/reset/${token}`);
  }
  res.json({ ok: true });
});

app.post('/api/auth/verify-otp', verifyOtp); // want TL207

async function verifyOtp(req, res) {
  const user = await User.findById(req.body.userId);
  if (user.otp !== req.body.code) return res.status(401).end(); // want TL202
  res.json({ ok: true });
}

const router = express.Router();
router.route('/sign-in').get(showSignIn).post(signIn); // want TL207

function showSignIn(req, res) {
  res.render('signin');
}

async function signIn(req, res) {
  const user = await User.findOne({ email: req.body.email });
  res.json({ ok: await bcrypt.compare(req.body.password, user.passwordHash) });
}

// Look-alikes that must stay silent.

app.post('/logout', (req, res) => {
  req.session.destroy(() => res.redirect('/'));
});

app.get('/login-page.css', (req, res) => res.sendFile('login.css'));

app.post('/api/login-history', async (req, res) => {
  res.json(await User.loginHistory(req.user.id));
});

app.post('/auth/google/callback', (req, res) => res.redirect('/'));

app.post('/api/signup', async (req, res) => {
  res.json(await User.create(req.body));
});

app.post('/api/checkout/session', async (req, res) => {
  res.json({ id: 'cs_test' });
});

app.use('/login', express.static('public/login'));

app.post('/api/users/:id/token', (req, res) => {
  res.json({ token: req.user.issueApiToken(req.params.id) });
});
