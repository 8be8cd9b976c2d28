// The article's "Mistake 2": a key pasted into a request because the prompt
// did not say to use environment variables.
async function loadReport() {
  const response = await fetch('https://api.example.com', {
    headers: { 'Authorization': 'Bearer sk-test-1234' } // want TL102
  });
  return response.json();
}

// The same call with the token read from the environment.
async function loadReportSafely() {
  const token = process.env.EXAMPLE_API_TOKEN;
  if (!token) {
    throw new Error('EXAMPLE_API_TOKEN not configured');
  }
  const response = await fetch('https://api.example.com', {
    headers: { 'Authorization': `Bearer ${token}` }
  });
  return response.json();
}

module.exports = { loadReport, loadReportSafely };
