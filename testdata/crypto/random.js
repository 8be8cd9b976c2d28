// Random values an assistant generated: some are secrets, most are not.
const crypto = require('crypto');

function generateResetToken() {
  return Math.random().toString(36).substring(2, 15); // want TL304
}

function generateOtp() {
  const code = Math.floor(100000 + Math.random() * 900000); // want TL304
  return String(code);
}

function generatePassword(length = 16) {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!@#$%';
  let result = '';
  for (let i = 0; i < length; i++) {
    result += chars.charAt(Math.floor(Math.random() * chars.length)); // want TL304
  }
  return result;
}

const session = {
  id: Date.now(),
  csrfToken: Math.random().toString(36).slice(2), // want TL304
};

function createApiKey(user) {
  const apiKey = 'sk_' + Math.random().toString(36).substr(2) + Math.random().toString(36).substr(2); // want TL304
  return { user, apiKey };
}

// Look-alikes: jitter, backoff, animation, shuffling, sampling, games.
function retryDelay(attempt) {
  const jitter = Math.random() * 100;
  return Math.min(30000, 2 ** attempt * 100 + jitter);
}

async function withBackoff(fn, retries = 5) {
  for (let attempt = 0; attempt < retries; attempt++) {
    try {
      return await fn();
    } catch (err) {
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 1000 * 2 ** attempt));
    }
  }
  throw new Error('out of retries');
}

function shuffle(items) {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

function shuffleQuestions(questions) {
  return questions.sort(() => Math.random() - 0.5);
}

function randomColor() {
  return '#' + Math.floor(Math.random() * 16777215).toString(16);
}

function animateParticles(particles) {
  particles.forEach((p) => {
    p.x += (Math.random() - 0.5) * 2;
    p.y += (Math.random() - 0.5) * 2;
    p.opacity = Math.random();
  });
}

function rollDice() {
  return Math.floor(Math.random() * 6) + 1;
}

function shouldSample(rate) {
  return Math.random() < rate;
}

function pickTip(tips) {
  return tips[Math.floor(Math.random() * tips.length)];
}

const passwordLength = 12 + Math.floor(Math.random() * 4);

// The right way.
function secureToken() {
  return crypto.randomBytes(32).toString('hex');
}

function secureOtp() {
  return String(crypto.randomInt(100000, 1000000));
}

module.exports = { generateResetToken, generateOtp, generatePassword, session, createApiKey, retryDelay, withBackoff, shuffle, shuffleQuestions, randomColor, animateParticles, rollDice, shouldSample, pickTip, passwordLength, secureToken, secureOtp };
