const express = require('express');
const logger = require('./logger');

const router = express.Router();
const stripeKey = process.env.STRIPE_SECRET_KEY;

router.post('/signup', async (req, res) => {
  const { email, password } = req.body;
  console.log('Signup:', email, password); // want TL105
  logger.info(`new user ${email} password=${password}`); // want TL105
  logger.debug({ email, password }, 'signup payload'); // want TL105
  console.log('auth: ' + req.headers.authorization); // want TL105
  if (!email) {
    throw new Error('Signup failed with key ' + stripeKey); // want TL105
  }
  res.sendStatus(201);
});

module.exports = router;
