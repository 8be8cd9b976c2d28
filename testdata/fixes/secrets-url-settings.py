from sqlalchemy import create_engine

SQLALCHEMY_DATABASE_URI = "postgresql+psycopg2://flask:Tr5yU8iO2pAs@flask-db.acme-prod.com:5432/flask"  # want TL104

CELERY_BROKER_URL = "amqp://celery:Hj4kL8zX2cVb@broker.acme-prod.com:5672//"  # want TL104


def warehouse():
    return create_engine("mysql+pymysql://etl:Df6gH1jK4lZx@warehouse.acme-prod.com/etl")  # want TL104
