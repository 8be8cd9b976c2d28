const bcrypt = require('bcrypt');
const crypto = require('crypto');

async function verifyPassword(plainPassword, hashedPassword) {
  const hash = await bcrypt.hash(plainPassword, 8); // want TL201
  return hash === hashedPassword; // want TL203
}

async function login(user, password) {
  const salt = await bcrypt.genSalt(10); // want TL201
  const candidate = await bcrypt.hash(password, salt);
  if (candidate !== user.passwordHash) { // want TL203
    throw new Error('invalid credentials');
  }
  return user;
}

function loginSync(user, password) {
  return bcrypt.hashSync(password, 12) === user.passwordHash; // want TL203
}

function verifyWebhook(req, secret) {
  const expected = crypto.createHmac('sha256', secret).update(req.rawBody).digest('hex');
  if (req.headers['x-signature'] !== expected) { // want TL202
    return false;
  }
  return req.query.token === process.env.WEBHOOK_TOKEN; // want TL202
}

const hashed = (password) => bcrypt.hash(password, 10); // want TL201

module.exports = { verifyPassword, login, loginSync, verifyWebhook, hashed };
