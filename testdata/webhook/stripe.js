// Stripe webhooks the way an assistant wires them into an Express app.
const express = require('express');
const Stripe = require('stripe');
const { markPaid, cancelSubscription } = require('./billing');

const stripe = Stripe(process.env.STRIPE_SECRET_KEY);
const app = express();

app.use(express.json()); // want TL601

app.post('/api/stripe/webhook', (req, res) => { // want TL601
  const event = req.body;
  if (event.type === 'checkout.session.completed') {
    markPaid(event.data.object.client_reference_id);
  }
  res.json({ received: true });
});

app.post('/billing/events', async (req, res) => { // want TL601
  const { type, data } = req.body;
  switch (type) {
    case 'customer.subscription.deleted':
      await cancelSubscription(data.object.id);
      break;
    default:
      break;
  }
  res.sendStatus(200);
});

app.post('/webhooks/stripe', express.raw({ type: 'application/json' }), (req, res) => {
  let event;
  try {
    event = stripe.webhooks.constructEvent(req.body, req.headers['stripe-signature'], process.env.STRIPE_WEBHOOK_SECRET);
  } catch (err) {
    return res.status(400).send(`Webhook Error: ${err.message}`);
  }
  if (event.type === 'checkout.session.completed') {
    markPaid(event.data.object.client_reference_id);
  }
  res.json({ received: true });
});

async function handleGithubWebhook(req, res) { // want TL601
  const payload = req.body;
  if (payload.action === 'opened') {
    console.log('new issue', payload.issue.number);
  }
  res.sendStatus(204);
}

// Look-alikes that must stay silent.

app.post('/api/orders', (req, res) => {
  res.json({ id: req.body.id });
});

app.get('/webhooks', (req, res) => {
  res.json({ endpoints: ['/webhooks/stripe'] });
});

function describeWebhook(url) {
  return `Deliveries go to ${url}`;
}

module.exports = { app, handleGithubWebhook, describeWebhook };
