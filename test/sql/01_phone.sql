-- Phone numbers: libphonenumber's verdicts through normalize_phone and check_phone.
SELECT leadimport.normalize_phone('+1 (415) 555-2671');
SELECT leadimport.normalize_phone('+44 7911 123456');
SELECT leadimport.normalize_phone('0044 7911 123456');
SELECT leadimport.normalize_phone('14155552671');          -- spreadsheet lost the +
SELECT leadimport.normalize_phone('4155552671');           -- no country code: refused
SELECT leadimport.normalize_phone('(415) 555-2671', 'US'); -- national
SELECT leadimport.normalize_phone('07911 123456', 'gb');
SELECT leadimport.normalize_phone('+1 415 555', NULL);
SELECT leadimport.normalize_phone(NULL);

SELECT * FROM leadimport.check_phone('+44 7911 123456');
SELECT * FROM leadimport.check_phone('+1 212 555 0100');
SELECT * FROM leadimport.check_phone('+49 30 123456');
SELECT * FROM leadimport.check_phone('4155552671');
SELECT * FROM leadimport.check_phone('+999 123 456');
SELECT * FROM leadimport.check_phone('+1 415 555');
SELECT * FROM leadimport.check_phone('+44 7911 1234567890123');
SELECT * FROM leadimport.check_phone('call me');
SELECT * FROM leadimport.check_phone('');
SELECT * FROM leadimport.check_phone('0612345678', 'FR');

-- an unknown region is a mistake in the call
SELECT leadimport.normalize_phone('0612345678', 'XX');
