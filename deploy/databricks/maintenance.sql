-- Data Broker cold store maintenance (README.md "OPTIMIZE and VACUUM"): run daily from a Databricks job, any time,
-- concurrently with cold-writer (both are optimistic Delta transactions; OPTIMIZE only rewrites files, dataChange=false).

-- Compact each day's small commits into large files, clustered by the columns queries filter on.
-- A predicate limits the work to recent days: older partitions are compacted already.
OPTIMIZE data_broker.public.arxiv_historical WHERE event_date >= current_date() - INTERVAL 7 DAYS ZORDER BY (primary_category, arxiv_id);
OPTIMIZE data_broker.public.github_historical WHERE event_date >= current_date() - INTERVAL 7 DAYS ZORDER BY (repo_name, type);
OPTIMIZE data_broker.public.news_historical WHERE event_date >= current_date() - INTERVAL 7 DAYS ZORDER BY (feed_url, id);
OPTIMIZE data_broker.public.dns_historical WHERE event_date >= current_date() - INTERVAL 7 DAYS ZORDER BY (registrable_domain, qtype);

-- Delete files no version younger than 168 hours references (compacted-away files, and data files of commits that
-- failed or were cut short by a crash, which no version ever referenced). 168 h = delta.deletedFileRetentionDuration.
VACUUM data_broker.public.arxiv_historical RETAIN 168 HOURS;
VACUUM data_broker.public.github_historical RETAIN 168 HOURS;
VACUUM data_broker.public.news_historical RETAIN 168 HOURS;
VACUUM data_broker.public.dns_historical RETAIN 168 HOURS;
