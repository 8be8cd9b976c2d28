import os

import psycopg2
import redis
from pymongo import MongoClient
from sqlalchemy import create_engine

SQLALCHEMY_DATABASE_URI = "postgresql+psycopg2://flask:Tr5yU8iO2pAs@flask-db.acme-prod.com:5432/flask"  # want TL104

engine = create_engine("mysql+pymysql://etl:Df6gH1jK4lZx@warehouse.acme-prod.com/etl")  # want TL104

client = MongoClient("mongodb://root:Cv9bN3mQ7wEr@mongo-0.acme-prod.com:27017,mongo-1.acme-prod.com:27017/?replicaSet=rs0")  # want TL104

cache = redis.from_url(os.getenv("REDIS_URL", "redis://:Yu2iO6pA9sDf@cache.acme-prod.com:6379/1"))  # want TL104

CELERY_BROKER_URL = "amqp://celery:Hj4kL8zX2cVb@broker.acme-prod.com:5672//"  # want TL104

# --- silent ---
DATABASE_URL = os.environ["DATABASE_URL"]
conn = psycopg2.connect("postgresql://%s:%s@%s/app" % (user, pw, host))
fmt = "postgresql://{user}:{password}@{host}/app".format(user=u, password=p, host=h)
fstr = f"postgresql://{user}:{password}@{host}/app"
local = "postgresql://postgres:postgres@localhost:5432/postgres"
local2 = "redis://localhost:6379/0"
placeholder = "postgresql://user:pass@db.acme-prod.com/app"
masked = "mongodb://admin:***@mongo.acme-prod.com/app"
doc = "amqp://worker:Hj4kL8zX2cVb@rabbit.example.net:5672"
