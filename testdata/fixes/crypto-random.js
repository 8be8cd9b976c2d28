// Tokens and codes from Math.random; the fix uses Node's crypto module.
const express = require('express');

function generateResetToken() {
  return Math.random().toString(36).substring(2, 15); // want TL304
}

function generateOtp() {
  return String(Math.floor(Math.random() * 1000000)).padStart(6, '0'); // want TL304
}

module.exports = { express, generateResetToken, generateOtp };
