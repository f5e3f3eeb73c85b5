-- When and where each engagement's weekly summary goes out (/commit summary <day> <time> [#channel]): the day
-- (MONDAY … SUNDAY) and local time (HH:MM) in the engagement's zone, and the channel the shared summary is posted in.
-- Null day or time: the default of config/agreement.yml (summaryDay, summaryTime); null channel: the engagement's own.
alter table engagement add column summary_day varchar(16);
alter table engagement add column summary_time varchar(5);
alter table engagement add column summary_channel varchar(100);
