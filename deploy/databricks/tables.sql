-- Data Broker cold store in Unity Catalog: registers the four Delta tables cold-writer writes
-- (<base_uri>/<source>_historical, ARCHITECTURE §7) as external tables of data_broker.public.
-- Replace ${base_uri} with cold-writer's BROKER_COLD_BASE_URI (e.g. abfss://lake@account.dfs.core.windows.net/data-broker),
-- which must lie under an external location you can read (README.md). Idempotent: run it again at will.
-- The columns come from the tables' Delta logs; cold-writer creates each table on first use.

CREATE CATALOG IF NOT EXISTS data_broker;
CREATE SCHEMA IF NOT EXISTS data_broker.public;

CREATE TABLE IF NOT EXISTS data_broker.public.arxiv_historical USING DELTA LOCATION '${base_uri}/arxiv_historical';
CREATE TABLE IF NOT EXISTS data_broker.public.github_historical USING DELTA LOCATION '${base_uri}/github_historical';
CREATE TABLE IF NOT EXISTS data_broker.public.news_historical USING DELTA LOCATION '${base_uri}/news_historical';
CREATE TABLE IF NOT EXISTS data_broker.public.dns_historical USING DELTA LOCATION '${base_uri}/dns_historical';

-- Properties Databricks honours but Delta Kernel 4.4.0 refuses at table creation (delta.autoOptimize.*): optimized
-- writes and auto-compaction for Databricks' own writes and compactions. cold-writer keeps appending after them.
-- delta.enableChangeDataFeed and delta.deletedFileRetentionDuration are set by cold-writer at creation already;
-- they are repeated here so this file states the whole intended configuration.
ALTER TABLE data_broker.public.arxiv_historical SET TBLPROPERTIES (
  'delta.autoOptimize.optimizeWrite' = 'true',
  'delta.autoOptimize.autoCompact' = 'true',
  'delta.enableChangeDataFeed' = 'true',
  'delta.deletedFileRetentionDuration' = 'interval 168 hours',
  'delta.logRetentionDuration' = 'interval 30 days');
ALTER TABLE data_broker.public.github_historical SET TBLPROPERTIES (
  'delta.autoOptimize.optimizeWrite' = 'true',
  'delta.autoOptimize.autoCompact' = 'true',
  'delta.enableChangeDataFeed' = 'true',
  'delta.deletedFileRetentionDuration' = 'interval 168 hours',
  'delta.logRetentionDuration' = 'interval 30 days');
ALTER TABLE data_broker.public.news_historical SET TBLPROPERTIES (
  'delta.autoOptimize.optimizeWrite' = 'true',
  'delta.autoOptimize.autoCompact' = 'true',
  'delta.enableChangeDataFeed' = 'true',
  'delta.deletedFileRetentionDuration' = 'interval 168 hours',
  'delta.logRetentionDuration' = 'interval 30 days');
ALTER TABLE data_broker.public.dns_historical SET TBLPROPERTIES (
  'delta.autoOptimize.optimizeWrite' = 'true',
  'delta.autoOptimize.autoCompact' = 'true',
  'delta.enableChangeDataFeed' = 'true',
  'delta.deletedFileRetentionDuration' = 'interval 168 hours',
  'delta.logRetentionDuration' = 'interval 30 days');

COMMENT ON TABLE data_broker.public.arxiv_historical IS 'Data Broker cold store: one row per arXiv paper version (docs/documents.md), written exactly-once by cold-writer';
COMMENT ON TABLE data_broker.public.github_historical IS 'Data Broker cold store: one row per GitHub event (docs/documents.md), written exactly-once by cold-writer';
COMMENT ON TABLE data_broker.public.news_historical IS 'Data Broker cold store: one row per news item (docs/documents.md), written exactly-once by cold-writer';
COMMENT ON TABLE data_broker.public.dns_historical IS 'Data Broker cold store: one row per DNS query/response (docs/documents.md), written exactly-once by cold-writer';
