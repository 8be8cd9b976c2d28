import os
import subprocess

subprocess.run("curl -s -v --user \"j.smith:dB2yF6qL9vZm1P4J\" https://api.contoso.org/user/me", shell=True)  # want TL102
subprocess.run(f"curl -u {os.environ['ES_USER']}:{os.environ['ES_PASSWORD']} https://localhost:9200", shell=True)
subprocess.run("curl --user user:pass --digest http://127.0.0.1:5000/file", shell=True)
subprocess.run("curl -u \"${{ secrets.ES_USER }}:${{ secrets.ES_PASSWORD }}\" https://localhost:9200", shell=True)

# curl -u elastic:Xq7vR2pLm9TzK4 https://localhost:9200/_cat/indices  # want TL102
