-- Less noise (issue 15): what someone did that concerns another person (marked done, moved, declined, handed over)
-- reaches them through the outbox, within their one message a day, not as a DM of its own at once. The note's words
-- are stored in the row's detail (with their mentions and buttons), so they need more room than a step's detail did.
alter table outbox alter column detail set data type varchar(4000);
