-- The desk's filter counts (store::desk::queue_counts) from a tally instead of the items.
-- Counting the stories of the review queue by relevance, status, source, state and topic
-- read every lead item of the large 'new' pile (irrelevant items stay 'new' until retention
-- removes them): 7-14 s per count at 462,000 items. The tally holds how many stories (lead
-- items) share each combination of the filtered columns: some thousands of rows where the
-- items are a million, read whole in milliseconds.
--
-- Triggers keep it exact wherever a story's lead or its lead's filtered columns change. An
-- item becomes a lead only by an UPDATE of clusters.lead_item_id after the item is stored
-- (ingest inserts clusters without a lead), so inserts need no trigger: a trigger on an
-- INSERT into items would bring back the per-row statement journal migration 0006 removed.
CREATE TABLE queue_tally (
    relevant  INTEGER NOT NULL,
    status    TEXT NOT NULL,
    source_id TEXT NOT NULL,
    states    TEXT NOT NULL,
    topics    TEXT NOT NULL,
    stories   INTEGER NOT NULL,
    PRIMARY KEY (relevant, status, source_id, states, topics)
) WITHOUT ROWID;
-- Rows whose count fell to zero, found without reading the others, and removed at once.
CREATE INDEX queue_tally_empty ON queue_tally(stories) WHERE stories <= 0;

INSERT INTO queue_tally (relevant, status, source_id, states, topics, stories)
SELECT i.relevant, i.status, i.source_id, i.states, i.topics, COUNT(*)
FROM clusters c JOIN items i ON i.id = c.lead_item_id AND i.cluster_id = c.id
GROUP BY 1, 2, 3, 4, 5;

-- A lead's filtered columns (or its story) changed: out of the old combination, into the new.
CREATE TRIGGER queue_tally_item_update
AFTER UPDATE OF relevant, status, source_id, states, topics, cluster_id ON items
WHEN OLD.relevant IS NOT NEW.relevant OR OLD.status IS NOT NEW.status
  OR OLD.source_id IS NOT NEW.source_id OR OLD.states IS NOT NEW.states
  OR OLD.topics IS NOT NEW.topics OR OLD.cluster_id IS NOT NEW.cluster_id
BEGIN
    UPDATE queue_tally SET stories = stories - 1
    WHERE relevant = OLD.relevant AND status = OLD.status AND source_id = OLD.source_id
      AND states = OLD.states AND topics = OLD.topics
      AND EXISTS (SELECT 1 FROM clusters WHERE id = OLD.cluster_id AND lead_item_id = OLD.id);
    DELETE FROM queue_tally WHERE stories <= 0;
    INSERT INTO queue_tally (relevant, status, source_id, states, topics, stories)
    SELECT NEW.relevant, NEW.status, NEW.source_id, NEW.states, NEW.topics, 1
    WHERE EXISTS (SELECT 1 FROM clusters WHERE id = NEW.cluster_id AND lead_item_id = NEW.id)
    ON CONFLICT DO UPDATE SET stories = stories + 1;
END;

-- A removed lead (retention) leaves its story's count.
CREATE TRIGGER queue_tally_item_delete AFTER DELETE ON items
WHEN EXISTS (SELECT 1 FROM clusters WHERE id = OLD.cluster_id AND lead_item_id = OLD.id)
BEGIN
    UPDATE queue_tally SET stories = stories - 1
    WHERE relevant = OLD.relevant AND status = OLD.status AND source_id = OLD.source_id
      AND states = OLD.states AND topics = OLD.topics;
    DELETE FROM queue_tally WHERE stories <= 0;
END;

-- A story's lead changed: the old lead (if still a member) out, the new one in.
CREATE TRIGGER queue_tally_lead_update AFTER UPDATE OF id, lead_item_id ON clusters
WHEN OLD.id IS NOT NEW.id OR OLD.lead_item_id IS NOT NEW.lead_item_id
BEGIN
    UPDATE queue_tally SET stories = stories - 1
    FROM (SELECT relevant AS r, status AS s, source_id AS o, states AS st, topics AS t
          FROM items WHERE id = OLD.lead_item_id AND cluster_id = OLD.id) AS old_lead
    WHERE relevant = old_lead.r AND status = old_lead.s AND source_id = old_lead.o
      AND states = old_lead.st AND topics = old_lead.t;
    DELETE FROM queue_tally WHERE stories <= 0;
    INSERT INTO queue_tally (relevant, status, source_id, states, topics, stories)
    SELECT relevant, status, source_id, states, topics, 1 FROM items
    WHERE id = NEW.lead_item_id AND cluster_id = NEW.id
    ON CONFLICT DO UPDATE SET stories = stories + 1;
END;

-- A story removed while its lead is still stored.
CREATE TRIGGER queue_tally_cluster_delete AFTER DELETE ON clusters
BEGIN
    UPDATE queue_tally SET stories = stories - 1
    FROM (SELECT relevant AS r, status AS s, source_id AS o, states AS st, topics AS t
          FROM items WHERE id = OLD.lead_item_id AND cluster_id = OLD.id) AS old_lead
    WHERE relevant = old_lead.r AND status = old_lead.s AND source_id = old_lead.o
      AND states = old_lead.st AND topics = old_lead.t;
    DELETE FROM queue_tally WHERE stories <= 0;
END;
