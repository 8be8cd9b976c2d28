// Webhook, API-key and session checks an assistant wrote for an Express API.
const crypto = require('crypto');
const jwt = require('jsonwebtoken');

function verifyWebhook(req, secret) {
  const expected = crypto.createHmac('sha256', secret).update(req.rawBody).digest('hex');
  const signature = req.headers['x-hub-signature-256'];
  if (signature !== expected) { // want TL202
    return false;
  }
  return true;
}

function verifyInline(req, secret) {
  return crypto.createHmac('sha256', secret).update(req.rawBody).digest('hex') === req.get('X-Signature'); // want TL202
}

function requireApiKey(req, res, next) {
  const apiKey = req.header('x-api-key');
  if (!apiKey || apiKey !== process.env.API_KEY) { // want TL202
    return res.status(401).json({ error: 'unauthorized' });
  }
  next();
}

function bearer(req) {
  return req.headers.authorization === `Bearer ${process.env.ADMIN_TOKEN}`; // want TL202
}

function checkCsrf(req) {
  return req.body.csrfToken === req.session.csrfToken; // want TL202
}

function isSafe(a, b) {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

// Presence, shape and sentinel checks: not comparisons of secret values.
function shapes(req, token, signature, page) {
  if (token === undefined || token === null || token === '') return false;
  if (typeof token !== 'string') return false;
  if (signature.length !== 64) return false;
  if (req.body.tokenType !== 'Bearer') return false;
  if (page.nextToken === page.previousToken) return false;
  if (window.location.hash === '#settings') return false;
  if (usage.totalTokens === usage.maxTokens) return false;
  if (token.type === 'identifier') return false;
  if (req.body.password !== req.body.confirmPassword) return false;
  return true;
}

function issue(user) {
  return jwt.sign({ sub: user.id, role: user.role }, process.env.JWT_SECRET); // want TL205
}

function issueWithOptions(user) {
  return jwt.sign({ sub: user.id }, process.env.JWT_SECRET, { algorithm: 'HS256' }); // want TL205
}

function issueWithExpiry(user) {
  return jwt.sign({ sub: user.id }, process.env.JWT_SECRET, { expiresIn: '15m' });
}

function issueWithExp(user) {
  const payload = { sub: user.id, exp: Math.floor(Date.now() / 1000) + 900 };
  return jwt.sign(payload, process.env.JWT_SECRET);
}

function issueWithSharedOptions(user, signOptions) {
  return jwt.sign({ sub: user.id }, process.env.JWT_SECRET, signOptions);
}

function authenticate(req) {
  const token = req.headers.authorization.split(' ')[1];
  const claims = jwt.decode(token); // want TL206
  return claims.sub;
}

function authenticateVerified(req) {
  const token = req.headers.authorization.split(' ')[1];
  return jwt.verify(token, process.env.JWT_SECRET, { algorithms: ['HS256'] });
}

function acceptsNone(token) {
  return jwt.verify(token, process.env.JWT_SECRET, { algorithms: ['HS256', 'none'] }); // want TL206
}

function headerThenVerify(token, keys) {
  const { header } = jwt.decode(token, { complete: true });
  return jwt.verify(token, keys[header.kid], { algorithms: ['RS256'] });
}

module.exports = {
  verifyWebhook, verifyInline, requireApiKey, bearer, checkCsrf, isSafe, shapes, issue,
  issueWithOptions, issueWithExpiry, issueWithExp, issueWithSharedOptions, authenticate,
  authenticateVerified, acceptsNone, headerThenVerify,
};
