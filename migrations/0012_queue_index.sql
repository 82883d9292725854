-- The desk queue's list (store::desk::review_queue) from a narrow index of the stories' leads.
-- The list walked the status index through the item rows and tested relevance, source, state
-- and topic (JSON columns) row by row: under a rare combination (not relevant, one topic, one
-- state) 5-10 s at 1,000,000 items, under one source 75-136 ms, since the 'new' pile holds
-- every irrelevant item until retention removes it.
--
-- queue_index holds, per lead item, one row under each key the queue filters by: '' (every
-- lead), 'o:' || source, 's:' || state and 't:' || topic (each text member of the JSON lists
-- once), keyed further by relevance, status and the list's order (published, id). A filtered
-- page seeks to one key's (relevance, status) range and walks it newest first; the other
-- filters are each a seek to the same lead under their key.
--
-- Triggers keep it exact wherever a lead or its filtered columns change, as queue_tally's
-- (0011): an item becomes a lead only by an UPDATE of clusters.lead_item_id after it is
-- stored, so inserts into items need no trigger. Rows are found again by the values they
-- were written from (the key columns), so removing a lead's rows needs no second index.
CREATE TABLE queue_index (
    key       TEXT NOT NULL,
    relevant  INTEGER NOT NULL,
    status    TEXT NOT NULL,
    published TEXT NOT NULL,
    item_id   INTEGER NOT NULL,
    PRIMARY KEY (key, relevant, status, published, item_id)
) WITHOUT ROWID;

CREATE TEMP TABLE queue_index_leads AS
SELECT i.id, i.relevant, i.status, i.published, i.source_id,
       CASE WHEN json_valid(i.states) THEN i.states ELSE '[]' END AS states,
       CASE WHEN json_valid(i.topics) THEN i.topics ELSE '[]' END AS topics
FROM clusters c JOIN items i ON i.id = c.lead_item_id AND i.cluster_id = c.id;

INSERT OR IGNORE INTO queue_index (key, relevant, status, published, item_id)
SELECT k, relevant, status, published, id FROM (
    SELECT '' AS k, * FROM queue_index_leads
    UNION ALL SELECT 'o:' || source_id, * FROM queue_index_leads
    UNION ALL SELECT 's:' || j.value, l.* FROM queue_index_leads l, json_each(l.states) j
        WHERE j.type = 'text'
    UNION ALL SELECT 't:' || j.value, l.* FROM queue_index_leads l, json_each(l.topics) j
        WHERE j.type = 'text'
)
ORDER BY 1, 2, 3, 4, 5;

DROP TABLE queue_index_leads;

-- A lead's filtered columns (or its story) changed: its rows under the old values out, rows
-- under the new values in while it is (still) a lead.
CREATE TRIGGER queue_index_item_update
AFTER UPDATE OF relevant, status, published, source_id, states, topics, cluster_id, id ON items
WHEN (OLD.relevant IS NOT NEW.relevant OR OLD.status IS NOT NEW.status
  OR OLD.published IS NOT NEW.published OR OLD.source_id IS NOT NEW.source_id
  OR OLD.states IS NOT NEW.states OR OLD.topics IS NOT NEW.topics
  OR OLD.cluster_id IS NOT NEW.cluster_id OR OLD.id IS NOT NEW.id)
 AND (EXISTS (SELECT 1 FROM clusters WHERE id = OLD.cluster_id AND lead_item_id = OLD.id)
  OR EXISTS (SELECT 1 FROM clusters WHERE id = NEW.cluster_id AND lead_item_id = NEW.id))
BEGIN
    DELETE FROM queue_index
    WHERE item_id = OLD.id AND relevant = OLD.relevant AND status = OLD.status
      AND published = OLD.published
      AND key IN (SELECT '' UNION ALL SELECT 'o:' || OLD.source_id
          UNION ALL SELECT 's:' || value FROM json_each(
              CASE WHEN json_valid(OLD.states) THEN OLD.states ELSE '[]' END)
          UNION ALL SELECT 't:' || value FROM json_each(
              CASE WHEN json_valid(OLD.topics) THEN OLD.topics ELSE '[]' END));
    INSERT INTO queue_index (key, relevant, status, published, item_id)
    SELECT DISTINCT k, NEW.relevant, NEW.status, NEW.published, NEW.id FROM (
        SELECT '' AS k UNION ALL SELECT 'o:' || NEW.source_id
        UNION ALL SELECT 's:' || value FROM json_each(
            CASE WHEN json_valid(NEW.states) THEN NEW.states ELSE '[]' END) WHERE type = 'text'
        UNION ALL SELECT 't:' || value FROM json_each(
            CASE WHEN json_valid(NEW.topics) THEN NEW.topics ELSE '[]' END) WHERE type = 'text')
    WHERE EXISTS (SELECT 1 FROM clusters WHERE id = NEW.cluster_id AND lead_item_id = NEW.id);
END;

-- A removed lead (retention) takes its rows along.
CREATE TRIGGER queue_index_item_delete AFTER DELETE ON items
WHEN EXISTS (SELECT 1 FROM clusters WHERE id = OLD.cluster_id AND lead_item_id = OLD.id)
BEGIN
    DELETE FROM queue_index
    WHERE item_id = OLD.id AND relevant = OLD.relevant AND status = OLD.status
      AND published = OLD.published
      AND key IN (SELECT '' UNION ALL SELECT 'o:' || OLD.source_id
          UNION ALL SELECT 's:' || value FROM json_each(
              CASE WHEN json_valid(OLD.states) THEN OLD.states ELSE '[]' END)
          UNION ALL SELECT 't:' || value FROM json_each(
              CASE WHEN json_valid(OLD.topics) THEN OLD.topics ELSE '[]' END));
END;

-- A story's lead changed: the old lead's rows (if it was a member) out, the new lead's in.
CREATE TRIGGER queue_index_lead_update AFTER UPDATE OF id, lead_item_id ON clusters
WHEN OLD.id IS NOT NEW.id OR OLD.lead_item_id IS NOT NEW.lead_item_id
BEGIN
    DELETE FROM queue_index
    WHERE item_id = (SELECT id FROM items WHERE id = OLD.lead_item_id AND cluster_id = OLD.id)
      AND relevant = (SELECT relevant FROM items WHERE id = OLD.lead_item_id AND cluster_id = OLD.id)
      AND status = (SELECT status FROM items WHERE id = OLD.lead_item_id AND cluster_id = OLD.id)
      AND published = (SELECT published FROM items WHERE id = OLD.lead_item_id AND cluster_id = OLD.id)
      AND key IN (SELECT '' UNION ALL SELECT 'o:' || source_id FROM items
          WHERE id = OLD.lead_item_id AND cluster_id = OLD.id
          UNION ALL SELECT 's:' || j.value FROM items i, json_each(
              CASE WHEN json_valid(i.states) THEN i.states ELSE '[]' END) j
          WHERE i.id = OLD.lead_item_id AND i.cluster_id = OLD.id
          UNION ALL SELECT 't:' || j.value FROM items i, json_each(
              CASE WHEN json_valid(i.topics) THEN i.topics ELSE '[]' END) j
          WHERE i.id = OLD.lead_item_id AND i.cluster_id = OLD.id);
    INSERT INTO queue_index (key, relevant, status, published, item_id)
    SELECT DISTINCT * FROM (
        SELECT '', relevant, status, published, id FROM items
        WHERE id = NEW.lead_item_id AND cluster_id = NEW.id
        UNION ALL SELECT 'o:' || source_id, relevant, status, published, id
        FROM items WHERE id = NEW.lead_item_id AND cluster_id = NEW.id
        UNION ALL SELECT 's:' || j.value, i.relevant, i.status, i.published, i.id
        FROM items i, json_each(CASE WHEN json_valid(i.states) THEN i.states ELSE '[]' END) j
        WHERE i.id = NEW.lead_item_id AND i.cluster_id = NEW.id AND j.type = 'text'
        UNION ALL SELECT 't:' || j.value, i.relevant, i.status, i.published, i.id
        FROM items i, json_each(CASE WHEN json_valid(i.topics) THEN i.topics ELSE '[]' END) j
        WHERE i.id = NEW.lead_item_id AND i.cluster_id = NEW.id AND j.type = 'text');
END;

-- A story removed while its lead is still stored.
CREATE TRIGGER queue_index_cluster_delete AFTER DELETE ON clusters
BEGIN
    DELETE FROM queue_index
    WHERE item_id = (SELECT id FROM items WHERE id = OLD.lead_item_id AND cluster_id = OLD.id)
      AND relevant = (SELECT relevant FROM items WHERE id = OLD.lead_item_id AND cluster_id = OLD.id)
      AND status = (SELECT status FROM items WHERE id = OLD.lead_item_id AND cluster_id = OLD.id)
      AND published = (SELECT published FROM items WHERE id = OLD.lead_item_id AND cluster_id = OLD.id)
      AND key IN (SELECT '' UNION ALL SELECT 'o:' || source_id FROM items
          WHERE id = OLD.lead_item_id AND cluster_id = OLD.id
          UNION ALL SELECT 's:' || j.value FROM items i, json_each(
              CASE WHEN json_valid(i.states) THEN i.states ELSE '[]' END) j
          WHERE i.id = OLD.lead_item_id AND i.cluster_id = OLD.id
          UNION ALL SELECT 't:' || j.value FROM items i, json_each(
              CASE WHEN json_valid(i.topics) THEN i.topics ELSE '[]' END) j
          WHERE i.id = OLD.lead_item_id AND i.cluster_id = OLD.id);
END;
