// API key handling, as in the article's "API Key and Secret Management".

// NEVER let AI write code like this
const apiKey = "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"; // want TL101

// ALWAYS use environment variables
const stripeKey = process.env.STRIPE_SECRET_KEY;
if (!stripeKey) {
  throw new Error('STRIPE_SECRET_KEY not configured');
}

module.exports = { apiKey, stripeKey };
