// Shell commands an assistant writes into scripts and docs strings.
const { execSync } = require("child_process");

execSync("curl --cacert ca.crt -u elastic:Xq7vR2pLm9TzK4 https://localhost:9200/_cluster/health"); // want TL102
execSync(`curl -s --user 'api:d2LkV78zLx!tQ4' https://api.mailgun.net/v3/messages`); // want TL102
execSync("curl --user kevin:'pRf7vG2h1L8nQkW9' -X PATCH https://api.example.com/me"); // want TL102
execSync("curl -u \"Zk4mQ9vL2xR7pT1w:\" https://api.example.com/charges"); // want TL102
execSync('curl -H "Authorization: Bearer 9fK2mQ7xLp4RtV8wZ3nB6yH1" https://api.example.com/v1/me'); // want TL102

// Variables, templates and placeholders stay silent.
execSync("curl -u \"$API_USER:$API_PASSWORD\" https://localhost:9200");
execSync(`curl -u "${process.env.ES_USER}:${process.env.ES_PASSWORD}" https://localhost:9200`);
execSync("curl -u username:password https://localhost:9200");
execSync("curl -u <user:password> https://test.com/endpoint");
execSync("curl --user neo4j:[PASSWORD] http://localhost:7474/db/data/");
execSync("curl -u 'test:test' https://localhost:9200");
execSync('curl -H "Authorization: Bearer <your-token>" https://api.example.com/v1/me');
execSync("curl -u myusername https://localhost:15130/api/check_user/");
// Other commands' -u flags are not curl's.
execSync("docker run -u 1000:1000 -v /data:/data alpine:3.20");
execSync("git push -u origin feature/login");
execSync("docker exec -u postgres:Xq7vR2pLm9TzK4 db psql");

// To check the cluster: curl -u elastic:Xq7vR2pLm9TzK4 https://localhost:9200 // want TL102
