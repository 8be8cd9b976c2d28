export async function fetchUsage() {
  const res = await fetch("https://api.example.com/v1/usage", {
    headers: { 'Authorization': 'Bearer sk-test-1234', 'Content-Type': 'application/json' },
  });
  return res.json();
}
