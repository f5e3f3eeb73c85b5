-- A sent message's line in its commitment's history (what kind of message, which one) is kept on its outbox row, set
-- by the same update that marks the row sent, instead of in a commitment_message row of its own: that insert (a row,
-- a place in the by-commitment index, a check that it was not there yet) cost the dispatcher's recorder about a
-- quarter of its time (DispatchBenchmark, 100,000 nudges due at once). A commitment's messages are read from both
-- tables; when housekeeping purges a finished outbox row, its line moves to commitment_message in the same
-- transaction. Messages that failed or were dropped are few and still go to commitment_message directly.
-- Null: the message goes into no history (a notice about a person, not a commitment).
alter table outbox add column told_action varchar(16);
alter table outbox add column told_what varchar(64);
