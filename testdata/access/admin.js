// Admin routes an assistant wrote for "add admin functionality" (the
// article's Mistake 3): the admin check is there, the organisation scope
// is not.
const express = require('express');
const { User, Order, Invoice } = require('./models');

const router = express.Router();

router.get('/orders', async (req, res) => {
  if (req.user.role === 'admin') { // want TL401
    return res.json(await Order.find({}));
  }
  res.json(await Order.find({ userId: req.user.id }));
});

router.get('/users', async (req, res) => {
  if (req.user.isAdmin) return res.json(await User.findAll()); // want TL401
  res.status(403).end();
});

router.get('/invoices', async (req, res) => {
  const allInvoices = await Invoice.find();
  if (req.user.roles.includes('admin')) { // want TL401
    res.json(allInvoices);
    return;
  }
  res.json(allInvoices.filter((i) => i.customerId === req.user.customerId));
});

router.post('/reports', async (req, res) => {
  const { role } = req.body;
  if (role === 'admin') { // want TL401
    return res.json(await Order.find({}));
  }
  res.status(403).end();
});

router.delete('/users/:id', async (req, res) => {
  if (req.headers['x-user-role'] !== 'admin') { // want TL401
    return res.status(403).json({ error: 'admins only' });
  }
  await User.deleteOne({ _id: req.params.id });
  res.status(204).end();
});

// Look-alikes that must stay silent.

router.get('/v2/orders', async (req, res) => {
  if (req.user.role === 'admin' && hasPermission(req.user, 'orders:read:all')) {
    return res.json(await Order.find({ orgId: req.user.orgId }));
  }
  res.json(await Order.find({ userId: req.user.id }));
});

router.get('/v2/users', async (req, res) => {
  if (req.user.isAdmin) {
    return res.json(await User.findAll({ where: { organizationId: req.user.organizationId } }));
  }
  res.status(403).end();
});

router.get('/v2/settings', async (req, res) => {
  if (!req.user.isAdmin) {
    return res.status(403).json({ error: 'forbidden' });
  }
  res.json(await loadSettings(req.user.tenantId));
});

router.post('/signup', async (req, res) => {
  if (req.body.role === 'admin') {
    return res.status(403).json({ error: 'cannot self-assign admin' });
  }
  res.json(await User.create({ email: req.body.email, role: 'member' }));
});

router.get('/v2/me', async (req, res) => {
  if (req.user.role === 'admin') {
    return res.json({ ...req.user, badge: 'admin' });
  }
  res.json(req.user);
});

function hasPermission(user, permission) {
  return user.permissions.includes(permission);
}

async function loadSettings(tenantId) {
  return { tenantId };
}

module.exports = router;
