-- Time zones and calling windows (issue 13, SPEC "Compliance"): check_phone's
-- time_zones from libphonenumber's prefix map, and call_window_open() on
-- PostgreSQL's own time zone data, around daylight saving changes.

-- 1. time_zones: the longest prefix the map lists, down to the exchange in
-- US area codes that split zones; single- and multi-zone countries; the
-- calling code's zones for types that say nothing of place (toll-free);
-- {Etc/Unknown} where nothing is listed; NULL for an invalid number.
SELECT raw, c.e164, c.number_type, c.time_zones
  FROM unnest(ARRAY[
         '+1 208 201 0000',    -- Idaho 208, exchange 201: Mountain
         '+1 208 215 0000',    -- exchange 215: Pacific
         '+1 208 200 0000',    -- the rest of 2082: either
         '+1 605 200 0000',    -- South Dakota: Mountain or Central
         '+1 907 555 0000',    -- Alaska
         '+1 212 555 0100',
         '+49 30 123456',
         '+33 1 23 45 67 89',
         '+7 495 777-77-77',
         '+7 391 212-34-56',
         '+55 11 98765-4321',
         '+55 65 3312-3456',
         '+34 928 123 456',
         '+351 912 345 678',
         '+61 8 9225 5555',
         '+91 98765 43210',    -- the map says Asia/Calcutta: its current name
         '+800 1234 5678',     -- international toll-free: no zone
         '4155552671',         -- no country code: invalid
         '+1 415 555'          -- too short: invalid
       ]) WITH ORDINALITY AS t(raw, n),
       LATERAL leadimport.check_phone(raw) AS c
 ORDER BY n;
SELECT c.number_type, cardinality(c.time_zones), c.time_zones[1], c.time_zones[42]
  FROM leadimport.check_phone('+1 800 253 0000') AS c;
SELECT (leadimport.check_phone('0612345678', 'FR')).time_zones;
SELECT (leadimport.check_phone(NULL)).time_zones;

-- 2. call_window_open: [opens, closes) in the number's local time.
-- US daylight saving time starts 2026-03-08 (02:00 local, 07:00 UTC in New
-- York): 13:30 UTC is 08:30 the day before, 09:30 that day.
SELECT leadimport.call_window_open('+1 212 555 0100', '09:00', '21:00', '2026-03-07 13:30+00') AS sat,
       leadimport.call_window_open('+1 212 555 0100', '09:00', '21:00', '2026-03-08 13:30+00') AS sun;
-- and ends 2026-11-01 (02:00 EDT, 06:00 UTC): 01:30 UTC is 21:30 on Oct 31
-- (closed), 20:30 on Nov 1 (open).
SELECT leadimport.call_window_open('+1 212 555 0100', '09:00', '21:00', '2026-11-01 01:30+00') AS before,
       leadimport.call_window_open('+1 212 555 0100', '09:00', '21:00', '2026-11-02 01:30+00') AS after;
-- the hour that repeats on 2026-11-01 in New York: 05:30 and 06:30 UTC are
-- both 01:30 local
SELECT leadimport.call_window_open('+1 212 555 0100', '01:00', '02:00', '2026-11-01 05:30+00') AS edt,
       leadimport.call_window_open('+1 212 555 0100', '01:00', '02:00', '2026-11-01 06:30+00') AS est,
       leadimport.call_window_open('+1 212 555 0100', '01:00', '02:00', '2026-11-01 07:30+00') AS later;
-- EU summer time starts 2026-03-29 (01:00 UTC): 07:30 UTC in Berlin is 08:30
-- the day before, 09:30 that day.
SELECT leadimport.call_window_open('+49 30 123456', '09:00', '21:00', '2026-03-28 07:30+00') AS sat,
       leadimport.call_window_open('+49 30 123456', '09:00', '21:00', '2026-03-29 07:30+00') AS sun;
-- Arizona's 602 is listed as Phoenix (no daylight saving) and Denver (the
-- Navajo Nation keeps it): one hour apart in summer, the same in winter.
SELECT leadimport.call_window_open('+1 602 555 0100', '09:00', '10:00', '2026-01-15 16:30+00') AS jan,
       leadimport.call_window_open('+1 602 555 0100', '09:00', '10:00', '2026-03-15 16:30+00') AS mar,
       leadimport.call_window_open('+1 602 555 0100', '09:00', '11:00', '2026-03-15 16:30+00') AS mar_longer;

-- 3. Numbers that may be in more than one zone: open only where it is open
-- in every one of them. 2026-06-15 16:30 UTC is 10:30 in Boise, 09:30 in Los
-- Angeles.
SELECT raw, (leadimport.check_phone(raw)).time_zones,
       leadimport.call_window_open(raw, '10:00', '20:00', '2026-06-15 16:30+00') AS open
  FROM unnest(ARRAY['+1 208 201 0000', '+1 208 215 0000', '+1 208 200 0000']) AS raw;
-- A Portuguese mobile may be in the Azores (an hour behind Lisbon); a Lisbon
-- line may not. 2026-01-15 09:30 UTC: 09:30 in Lisbon, 08:30 in the Azores.
SELECT leadimport.call_window_open('+351 21 234 5678', '09:00', '21:00', '2026-01-15 09:30+00') AS lisbon,
       leadimport.call_window_open('+351 912 345 678', '09:00', '21:00', '2026-01-15 09:30+00') AS mobile,
       leadimport.call_window_open('+351 912 345 678', '09:00', '21:00', '2026-01-15 10:30+00') AS an_hour_later;
-- A US toll-free number may be anywhere from Guam (UTC+10) to Newfoundland
-- (UTC-2:30 in summer): 09:00-21:00 is open in all 42 zones only from 23:00
-- to 23:30 UTC.
SELECT to_char(h AT TIME ZONE 'UTC', 'HH24:MI') AS utc
  FROM generate_series(timestamptz '2026-06-15 00:00+00', '2026-06-15 23:45+00', interval '15 minutes') AS h
 WHERE leadimport.call_window_open('+1 800 253 0000', '09:00', '21:00', h);

-- 4. A window over midnight (closes before opens): 22:00-06:00 in Berlin.
-- Opens is in, closes is out.
SELECT (at AT TIME ZONE 'Europe/Berlin')::time AS berlin,
       leadimport.call_window_open('+49 30 123456', '22:00', '06:00', at) AS open
  FROM unnest(ARRAY[timestamptz '2026-01-15 20:59:59+00', '2026-01-15 21:00+00', '2026-01-15 23:30+00',
                    '2026-01-16 04:59:59+00', '2026-01-16 05:00+00', '2026-01-16 12:00+00']) AS at;
-- and [09:00, 21:00) at its edges in New York (EST, UTC-5)
SELECT (at AT TIME ZONE 'America/New_York')::time AS new_york,
       leadimport.call_window_open('+1 212 555 0100', '09:00', '21:00', at) AS open
  FROM unnest(ARRAY[timestamptz '2026-01-15 13:59:59+00', '2026-01-15 14:00+00',
                    '2026-01-16 01:59:59+00', '2026-01-16 02:00+00']) AS at;
-- opens = closes is an empty window
SELECT leadimport.call_window_open('+49 30 123456', '09:00', '09:00', '2026-01-15 08:00+00');

-- 5. The session's time zone does not matter, only the number's.
SET TimeZone = 'Pacific/Auckland';
SELECT leadimport.call_window_open('+1 212 555 0100', '09:00', '21:00', '2026-03-08 13:30+00') AS ny,
       leadimport.call_window_open('+49 30 123456', '09:00', '21:00', '2026-03-29 07:30+00') AS berlin;
RESET TimeZone;

-- 6. NULL: an unknown zone, an invalid number or a national one (the number
-- must carry its country code), any NULL argument, an infinite time.
SELECT leadimport.call_window_open('+800 1234 5678', '09:00', '21:00', '2026-01-15 12:00+00') AS unknown_zone,
       leadimport.call_window_open('4155552671', '09:00', '21:00', '2026-01-15 12:00+00') AS national,
       leadimport.call_window_open('call me', '09:00', '21:00', '2026-01-15 12:00+00') AS not_a_number,
       leadimport.call_window_open(NULL, '09:00', '21:00', '2026-01-15 12:00+00') AS null_number,
       leadimport.call_window_open('+49 30 123456', NULL, '21:00', '2026-01-15 12:00+00') AS null_opens,
       leadimport.call_window_open('+49 30 123456', '09:00', '21:00', NULL) AS null_at,
       leadimport.call_window_open('+49 30 123456', '09:00', '21:00', 'infinity') AS infinite_at;
-- at defaults to now()
SELECT leadimport.call_window_open('+49 30 123456', '00:00', '00:00') AS never,
       leadimport.call_window_open('+49 30 123456', '00:00', '23:59:59.999999') IS NOT NULL AS answered;

-- 7. Picking callable leads: the campaign's leads whose window is open.
INSERT INTO leadimport.assistants (id, name) VALUES (15, 'tz');
INSERT INTO leadimport.campaigns (id, name, assistant_id) VALUES (15, 'tz', 15);
INSERT INTO leadimport.leads (campaign_id, phone_number)
  VALUES (15, '+12125550100'), (15, '+14155552671'), (15, '+4930123456'), (15, '+80012345678');
SELECT phone_number, leadimport.call_window_open(phone_number, '09:00', '21:00', '2026-06-15 15:00+00') AS open
  FROM leadimport.leads WHERE campaign_id = 15 ORDER BY phone_number;

-- 8. Who may call them: everyone, as every phone function (no grants of
-- their own); both are members of the extension.
SELECT p.proname, p.proacl IS NULL AS default_grants, d.deptype
  FROM pg_proc p
  JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid
  JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'leadimport'
 WHERE p.proname IN ('check_phone', 'call_window_open')
 ORDER BY 1;
