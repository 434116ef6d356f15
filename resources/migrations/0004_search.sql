-- Schema version 4: search by name, NIK, KK number and registration number.
-- Both indexes are kept by triggers, so they change in the same transaction as the application
-- itself: a purge that clears the fields also clears what could find them.

-- Every person's name in an application (child, mother, father, reporter, applicant), folded
-- for case and accents by the tokenizer. A name with an apostrophe is indexed a second time
-- without it, so that "maruf" finds "Ma'ruf" as well as "ruf" does.
CREATE VIRTUAL TABLE application_name_index USING fts5 (names, tokenize = 'unicode61 remove_diacritics 2');

-- Every NIK and the KK number of an application, not only the applicant's.
CREATE TABLE application_number (
    number         TEXT NOT NULL,
    application_id INTEGER NOT NULL,
    PRIMARY KEY (number, application_id)
) WITHOUT ROWID;

CREATE INDEX application_number_by_application ON application_number (application_id);

-- Each trigger is one line: the migration runner splits statements at a line ending with ';'.
CREATE TRIGGER application_search_insert AFTER INSERT ON application BEGIN INSERT INTO application_name_index (rowid, names) SELECT NEW.id, group_concat(value || coalesce(' ' || nullif(replace(replace(replace(replace(replace(value, '''', ''), '’', ''), 'ʼ', ''), '‘', ''), '`', ''), value), ''), ' ') FROM json_tree(CASE WHEN json_valid(NEW.fields) THEN NEW.fields ELSE '{}' END) WHERE type = 'text' AND (key = 'name' OR key LIKE '%.name') HAVING count(*) > 0; INSERT OR IGNORE INTO application_number (number, application_id) SELECT value, NEW.id FROM json_tree(CASE WHEN json_valid(NEW.fields) THEN NEW.fields ELSE '{}' END) WHERE type = 'text' AND (key LIKE '%nik' OR key LIKE '%kk') AND value GLOB '[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]'; END;
CREATE TRIGGER application_search_update AFTER UPDATE OF fields ON application BEGIN DELETE FROM application_name_index WHERE rowid = OLD.id; DELETE FROM application_number WHERE application_id = OLD.id; INSERT INTO application_name_index (rowid, names) SELECT NEW.id, group_concat(value || coalesce(' ' || nullif(replace(replace(replace(replace(replace(value, '''', ''), '’', ''), 'ʼ', ''), '‘', ''), '`', ''), value), ''), ' ') FROM json_tree(CASE WHEN json_valid(NEW.fields) THEN NEW.fields ELSE '{}' END) WHERE type = 'text' AND (key = 'name' OR key LIKE '%.name') HAVING count(*) > 0; INSERT OR IGNORE INTO application_number (number, application_id) SELECT value, NEW.id FROM json_tree(CASE WHEN json_valid(NEW.fields) THEN NEW.fields ELSE '{}' END) WHERE type = 'text' AND (key LIKE '%nik' OR key LIKE '%kk') AND value GLOB '[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]'; END;
CREATE TRIGGER application_search_delete AFTER DELETE ON application BEGIN DELETE FROM application_name_index WHERE rowid = OLD.id; DELETE FROM application_number WHERE application_id = OLD.id; END;

-- Applications saved before this version.
INSERT INTO application_name_index (rowid, names) SELECT id, names FROM (SELECT a.id AS id, (SELECT group_concat(value || coalesce(' ' || nullif(replace(replace(replace(replace(replace(value, '''', ''), '’', ''), 'ʼ', ''), '‘', ''), '`', ''), value), ''), ' ') FROM json_tree(CASE WHEN json_valid(a.fields) THEN a.fields ELSE '{}' END) WHERE type = 'text' AND (key = 'name' OR key LIKE '%.name')) AS names FROM application a) WHERE names IS NOT NULL;
INSERT OR IGNORE INTO application_number (number, application_id) SELECT t.value, a.id FROM application a, json_tree(CASE WHEN json_valid(a.fields) THEN a.fields ELSE '{}' END) t WHERE t.type = 'text' AND (t.key LIKE '%nik' OR t.key LIKE '%kk') AND t.value GLOB '[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]';
