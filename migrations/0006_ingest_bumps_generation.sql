-- The feeds' change counter is bumped once per ingest batch by the writer
-- (store::items::ingest_many), not by a trigger per inserted row. A trigger makes every
-- insert into `items` a multi-row write that SQLite guards with a statement journal: the
-- original of every page the insert touches (the row, its overflow pages and nine
-- indexes) was copied to a temporary file per item: more than half of all the bytes a
-- large poll wrote (2.8 GB down to 1.2 GB in a poll of 20,000 items). Updates and
-- deletes keep their triggers; inserts happen only in ingest.
DROP TRIGGER items_changed_insert;
