-- Demo: who hears of what by mail (issue 11).  The agents' teams, so that
-- new tickets reach them; everyone's address, so that mail about the demo's
-- tickets reaches people who have not logged in yet (the module refreshes
-- these rows from the directory whenever it reads a person afresh).
-- Idempotent: keyed rows, changed by nobody's choice.
INSERT INTO people (login, name, mail, organisation, is_agent)
VALUES
    ('alice',  'Alice Archer', 'alice@example.org',  'Psychiatry',      0),
    ('bob',    'Bob Baker',    'bob@example.org',    'Psychiatry',      0),
    ('carol',  'Carol Clarke', 'carol@example.org',  'Business Office', 0),
    ('dave',   'Dave Dawson',  'dave@example.org',   'Business Office', 0),
    ('sam',    'Sam Shaw',     'sam@example.org',    'Psychiatry',      0),
    ('tina',   'Tina Tran',    'tina@example.org',   'Service Desk',    1),
    ('victor', 'Victor Vance', 'victor@example.org', 'Service Desk',    1)
ON DUPLICATE KEY UPDATE login = login;

INSERT IGNORE INTO agent_teams (login, team_id)
SELECT a.login, t.id
FROM (SELECT 'tina' AS login, 'psyIT' AS code UNION ALL SELECT 'tina', 'NET'
      UNION ALL SELECT 'victor', 'CBO' UNION ALL SELECT 'victor', 'APPS') a
JOIN teams t ON t.code = a.code;
