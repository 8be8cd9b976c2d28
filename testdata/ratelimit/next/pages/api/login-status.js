// pages/api/login-status.js — reports whether the session is alive.
export default function handler(req, res) {
  res.json({ loggedIn: Boolean(req.cookies.session), body: req.body });
}
