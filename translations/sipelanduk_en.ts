<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>Accounts</name>
    <message>
        <source>The user name "%1" is not allowed: use 2 to 32 small letters, digits, dots, dashes or underscores, starting with a letter.</source>
        <translation>The user name "%1" is not allowed: use 2 to 32 small letters, digits, dots, dashes or underscores, starting with a letter.</translation>
    </message>
    <message>
        <source>The password is too short: use at least %1 characters.</source>
        <translation>The password is too short: use at least %1 characters.</translation>
    </message>
    <message>
        <source>Only an IT operator can create accounts.</source>
        <translation>Only an IT operator can create accounts.</translation>
    </message>
    <message>
        <source>There is already an account named %1.</source>
        <translation>There is already an account named %1.</translation>
    </message>
    <message>
        <source>The password library could not start.</source>
        <translation>The password library could not start.</translation>
    </message>
    <message>
        <source>The password could not be hashed: the PC is short of memory.</source>
        <translation>The password could not be hashed: the PC is short of memory.</translation>
    </message>
    <message>
        <source>create the account %1</source>
        <translation>create the account %1</translation>
    </message>
    <message>
        <source>The user name or password is wrong. Check Caps Lock and try again.</source>
        <translation>The user name or password is wrong. Check Caps Lock and try again.</translation>
    </message>
    <message>
        <source>The account %1 is locked after %2 wrong passwords in a row. Try again after %3, or ask the IT operator to reset the password.</source>
        <translation>The account %1 is locked after %2 wrong passwords in a row. Try again after %3, or ask the IT operator to reset the password.</translation>
    </message>
    <message>
        <source>There is no account named %1. Check the name in the list of users.</source>
        <translation>There is no account named %1. Check the name in the list of users.</translation>
    </message>
    <message>
        <source>The account %1 is disabled. Ask the IT operator to enable it again.</source>
        <translation>The account %1 is disabled. Ask the IT operator to enable it again.</translation>
    </message>
    <message>
        <source>count the failed sign-in</source>
        <translation>count the failed sign-in</translation>
    </message>
    <message>
        <source>reset the count of failed sign-ins</source>
        <translation>reset the count of failed sign-ins</translation>
    </message>
    <message>
        <source>set the new password of %1</source>
        <translation>set the new password of %1</translation>
    </message>
    <message>
        <source>change the account %1</source>
        <translation>change the account %1</translation>
    </message>
    <message>
        <source>You cannot disable your own account. Another IT operator can do it.</source>
        <translation>You cannot disable your own account. Another IT operator can do it.</translation>
    </message>
    <message>
        <source>%1 is the last active IT operator; without one nobody could manage accounts. Create or enable another IT operator first.</source>
        <translation>%1 is the last active IT operator; without one nobody could manage accounts. Create or enable another IT operator first.</translation>
    </message>
    <message>
        <source>read the accounts</source>
        <translation>read the accounts</translation>
    </message>
    <message>
        <source>wrong password %1 times; locked until %2</source>
        <translation>wrong password %1 times; locked until %2</translation>
    </message>
    <message>
        <source>wrong password (%1)</source>
        <translation>wrong password (%1)</translation>
    </message>
</context>
<context>
    <name>ApplicationImport</name>
    <message>
        <source>The import file is not valid JSON: %1 at character %2.</source>
        <translation>The import file is not valid JSON: %1 at character %2.</translation>
    </message>
    <message>
        <source>The import file must start with "format": "%1" and "version": %2.</source>
        <translation>The import file must start with "format": "%1" and "version": %2.</translation>
    </message>
    <message>
        <source>Application %1 in the import file needs a "service" text and a "fields" object.</source>
        <translation>Application %1 in the import file needs a "service" text and a "fields" object.</translation>
    </message>
    <message>
        <source>The import file holds no applications.</source>
        <translation>The import file holds no applications.</translation>
    </message>
    <message>
        <source>Application %1: %2</source>
        <translation>Application %1: %2</translation>
    </message>
    <message>
        <source>Nothing was imported. Correct these and import the file again:
%1</source>
        <translation>Nothing was imported. Correct these and import the file again:
%1</translation>
    </message>
    <message>
        <source>The import file must hold one JSON object with "format", "version" and "applications".</source>
        <translation>The import file must hold one JSON object with "format", "version" and "applications".</translation>
    </message>
    <message>
        <source>Application %1 in the import file has the key "%2", which the format does not know. Family members and every other value go inside "fields"; see docs/import-format.md.</source>
        <translation>Application %1 in the import file has the key "%2", which the format does not know. Family members and every other value go inside "fields"; see docs/import-format.md.</translation>
    </message>
</context>
<context>
    <name>ApplicationRules</name>
    <message>
        <source>The field %1 does not belong to the service %2.</source>
        <translation>The field %1 does not belong to the service %2.</translation>
    </message>
    <message>
        <source>%1 is required.</source>
        <translation>%1 is required.</translation>
    </message>
    <message>
        <source>%1 must be written as text.</source>
        <translation>%1 must be written as text.</translation>
    </message>
    <message>
        <source>%1 must contain letters.</source>
        <translation>%1 must contain letters.</translation>
    </message>
    <message>
        <source>%1 must be 1 (male) or 2 (female).</source>
        <translation>%1 must be 1 (male) or 2 (female).</translation>
    </message>
    <message>
        <source>%1: %2 is not a desa/kelurahan in the region table. Pick one from the list.</source>
        <translation>%1: %2 is not a desa/kelurahan in the region table. Pick one from the list.</translation>
    </message>
    <message>
        <source>%1: %2 is not one of the choices.</source>
        <translation>%1: %2 is not one of the choices.</translation>
    </message>
    <message>
        <source>%1 is required; "no NIK yet" is not allowed here.</source>
        <translation>%1 is required; "no NIK yet" is not allowed here.</translation>
    </message>
    <message>
        <source>%1 must be text of 16 digits, not a number: a number can lose its last digits on the way from a spreadsheet. Write it as text.</source>
        <translation>%1 must be text of 16 digits, not a number: a number can lose its last digits on the way from a spreadsheet. Write it as text.</translation>
    </message>
    <message>
        <source>%1: %2 is not a date. Write it as year-month-day, for example 2022-02-01.</source>
        <translation>%1: %2 is not a date. Write it as year-month-day, for example 2022-02-01.</translation>
    </message>
    <message>
        <source>%1 (%2) is after today. Check the year.</source>
        <translation>%1 (%2) is after today. Check the year.</translation>
    </message>
    <message>
        <source>%1 (%2) is before %3, which cannot be right for a living person. Check the year.</source>
        <translation>%1 (%2) is before %3, which cannot be right for a living person. Check the year.</translation>
    </message>
    <message>
        <source>The requirement %1 does not belong to the service %2.</source>
        <translation>The requirement %1 does not belong to the service %2.</translation>
    </message>
    <message>
        <source>A required document is missing: %1.</source>
        <translation>A required document is missing: %1.</translation>
    </message>
    <message>
        <source> or </source>
        <translation> or </translation>
    </message>
    <message>
        <source>The birth is reported %1 days after it happened; births are to be reported within %2 days. Confirm to record it as a late report.</source>
        <translation>The birth is reported %1 days after it happened; births are to be reported within %2 days. Confirm to record it as a late report.</translation>
    </message>
    <message>
        <source>A KTP-el is recorded from the 17th birthday, or earlier for a person who is or was married. This applicant turns 17 on %1.</source>
        <translation>A KTP-el is recorded from the 17th birthday, or earlier for a person who is or was married. This applicant turns 17 on %1.</translation>
    </message>
    <message>
        <source>%1 contains a hidden or control character (such as a tab, a line break or a zero-width space). Type it again without it.</source>
        <translation>%1 contains a hidden or control character (such as a tab, a line break or a zero-width space). Type it again without it.</translation>
    </message>
    <message>
        <source>%1 is %2 characters long; at most %3 are allowed.</source>
        <translation>%1 is %2 characters long; at most %3 are allowed.</translation>
    </message>
    <message>
        <source>A KIA is for children under 17; this child turned 17 on %1. Apply for a KTP-el instead.</source>
        <translation>A KIA is for children under 17; this child turned 17 on %1. Apply for a KTP-el instead.</translation>
    </message>
    <message>
        <source>The child is %1 years old: a KIA from the age of 5 carries a photo. Tick the photo among the documents.</source>
        <translation>The child is %1 years old: a KIA from the age of 5 carries a photo. Tick the photo among the documents.</translation>
    </message>
    <message>
        <source>The date of death (%1) is before the date of birth (%2). Check both dates.</source>
        <translation>The date of death (%1) is before the date of birth (%2). Check both dates.</translation>
    </message>
    <message>
        <source>The destination is the village the person moves from. Choose the village they move to.</source>
        <translation>The destination is the village the person moves from. Choose the village they move to.</translation>
    </message>
    <message>
        <source>Member %1: %2</source>
        <translation>Member %1: %2</translation>
    </message>
    <message>
        <source>%1 must be a list of people.</source>
        <translation>%1 must be a list of people.</translation>
    </message>
    <message>
        <source>the person must be written as an object of fields.</source>
        <translation>the person must be written as an object of fields.</translation>
    </message>
    <message>
        <source>the field %1 does not belong to a family member.</source>
        <translation>the field %1 does not belong to a family member.</translation>
    </message>
    <message numerus="yes">
        <source>%1: at least %n person(s) must be entered.</source>
        <translation>
            <numerusform>%1: at least %n person must be entered.</numerusform>
            <numerusform>%1: at least %n persons must be entered.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1: at most %n people can be entered.</source>
        <translation>
            <numerusform>%1: at most %n people can be entered.</numerusform>
            <numerusform>%1: at most %n people can be entered.</numerusform>
        </translation>
    </message>
    <message>
        <source>the NIK is the same as member %1's. Each person has a NIK of their own.</source>
        <translation>the NIK is the same as member %1's. Each person has a NIK of their own.</translation>
    </message>
    <message>
        <source>One family member must be the head of family (kepala keluarga).</source>
        <translation>One family member must be the head of family (kepala keluarga).</translation>
    </message>
    <message>
        <source>member %1 is already the head of family; a family card has exactly one.</source>
        <translation>member %1 is already the head of family; a family card has exactly one.</translation>
    </message>
    <message>
        <source>%1 holds "%2", which a place does not have: a place is its text and, when picked from the list, its region code.</source>
        <translation>%1 holds "%2", which a place does not have: a place is its text and, when picked from the list, its region code.</translation>
    </message>
    <message>
        <source>%1 has a region code but no name. Pick the place from the list again.</source>
        <translation>%1 has a region code but no name. Pick the place from the list again.</translation>
    </message>
    <message>
        <source>%1: %2 is not a kabupaten/kota, kecamatan or desa/kelurahan in the region table. Pick the place from the list again, or write it as text alone.</source>
        <translation>%1: %2 is not a kabupaten/kota, kecamatan or desa/kelurahan in the region table. Pick the place from the list again, or write it as text alone.</translation>
    </message>
    <message>
        <source>the code</source>
        <translation>the code</translation>
    </message>
</context>
<context>
    <name>ApplicationState</name>
    <message>
        <source>Draft</source>
        <translation>Draft</translation>
    </message>
    <message>
        <source>Waiting for approval</source>
        <translation>Waiting for approval</translation>
    </message>
    <message>
        <source>Returned for correction</source>
        <translation>Returned for correction</translation>
    </message>
    <message>
        <source>Approved, waiting to be sent</source>
        <translation>Approved, waiting to be sent</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>Sent</translation>
    </message>
    <message>
        <source>Received by Disdukcapil</source>
        <translation>Received by Disdukcapil</translation>
    </message>
    <message>
        <source>Being processed</source>
        <translation>Being processed</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>Completed</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>Rejected</translation>
    </message>
    <message>
        <source>%1, handed over %2</source>
        <translation>%1, handed over %2</translation>
    </message>
</context>
<context>
    <name>ApplicationStore</name>
    <message>
        <source>The service %1 is not in the catalogue.</source>
        <translation>The service %1 is not in the catalogue.</translation>
    </message>
    <message>
        <source>save the draft</source>
        <translation>save the draft</translation>
    </message>
    <message>
        <source>Application %1 was captured by %2; only they can change it.</source>
        <translation>Application %1 was captured by %2; only they can change it.</translation>
    </message>
    <message>
        <source>Application %1 is "%2" and can no longer be changed.</source>
        <translation>Application %1 is "%2" and can no longer be changed.</translation>
    </message>
    <message>
        <source>An application cannot change its service; start a new one instead.</source>
        <translation>An application cannot change its service; start a new one instead.</translation>
    </message>
    <message>
        <source>Application %1 cannot be submitted by %2 in its present state, "%3".</source>
        <translation>Application %1 cannot be submitted by %2 in its present state, "%3".</translation>
    </message>
    <message>
        <source>Application %1 cannot be submitted yet: %2</source>
        <translation>Application %1 cannot be submitted yet: %2</translation>
    </message>
    <message>
        <source>Application %1 has warnings the clerk must confirm: %2</source>
        <translation>Application %1 has warnings the clerk must confirm: %2</translation>
    </message>
    <message>
        <source>submit the application</source>
        <translation>submit the application</translation>
    </message>
    <message>
        <source>Application %1 is not waiting for approval (its state is "%2").</source>
        <translation>Application %1 is not waiting for approval (its state is "%2").</translation>
    </message>
    <message>
        <source>Application %1 was captured by %2; another supervisor must approve it.</source>
        <translation>Application %1 was captured by %2; another supervisor must approve it.</translation>
    </message>
    <message>
        <source>approve application %1</source>
        <translation>approve application %1</translation>
    </message>
    <message>
        <source>find the open batch</source>
        <translation>find the open batch</translation>
    </message>
    <message>
        <source>seal the full batch</source>
        <translation>seal the full batch</translation>
    </message>
    <message>
        <source>start a new batch</source>
        <translation>start a new batch</translation>
    </message>
    <message>
        <source>Say why the application goes back, so the clerk knows what to correct.</source>
        <translation>Say why the application goes back, so the clerk knows what to correct.</translation>
    </message>
    <message>
        <source>return the application</source>
        <translation>return the application</translation>
    </message>
    <message>
        <source>count today's applications</source>
        <translation>count today's applications</translation>
    </message>
    <message>
        <source>record the change of state</source>
        <translation>record the change of state</translation>
    </message>
    <message>
        <source>There is no application with number %1 on this PC.</source>
        <translation>There is no application with number %1 on this PC.</translation>
    </message>
    <message>
        <source>Application %1 was captured by another clerk; a clerk sees only their own applications.</source>
        <translation>Application %1 was captured by another clerk; a clerk sees only their own applications.</translation>
    </message>
    <message>
        <source>Application %1 can be handed over once the central office has completed it, and only once.</source>
        <translation>Application %1 can be handed over once the central office has completed it, and only once.</translation>
    </message>
    <message>
        <source>record the hand-over</source>
        <translation>record the hand-over</translation>
    </message>
    <message numerus="yes">
        <source>%n warning(s) confirmed</source>
        <translation>
            <numerusform>%n warning confirmed</numerusform>
            <numerusform>%n warnings confirmed</numerusform>
        </translation>
    </message>
    <message>
        <source>This person already has an open application for this service: %1. Check that this is not the same request taken twice.</source>
        <translation>This person already has an open application for this service: %1. Check that this is not the same request taken twice.</translation>
    </message>
    <message>
        <source>The service %1 is no longer offered: the central office retired it in catalogue version %2. Start the application under the service that replaces it.</source>
        <translation>The service %1 is no longer offered: the central office retired it in catalogue version %2. Start the application under the service that replaces it.</translation>
    </message>
</context>
<context>
    <name>AuditLog</name>
    <message>
        <source>The security library could not start.</source>
        <translation>The security library could not start.</translation>
    </message>
    <message>
        <source>write the audit trail</source>
        <translation>write the audit trail</translation>
    </message>
    <message>
        <source>read the audit trail</source>
        <translation>read the audit trail</translation>
    </message>
    <message>
        <source>Entry %1 is missing: the trail jumps from entry %2 to %3.</source>
        <translation>Entry %1 is missing: the trail jumps from entry %2 to %3.</translation>
    </message>
    <message>
        <source>Entry %1 does not follow entry %2: entries were removed, inserted or reordered here.</source>
        <translation>Entry %1 does not follow entry %2: entries were removed, inserted or reordered here.</translation>
    </message>
    <message>
        <source>Entry %1 (%2, %3) was changed after it was written.</source>
        <translation>Entry %1 (%2, %3) was changed after it was written.</translation>
    </message>
    <message>
        <source>The salt under which the trail finds people was removed or replaced; reports on a person would come back empty.</source>
        <translation>The salt under which the trail finds people was removed or replaced; reports on a person would come back empty.</translation>
    </message>
    <message>
        <source>The protection that keeps the audit trail append-only was removed from the database.</source>
        <translation>The protection that keeps the audit trail append-only was removed from the database.</translation>
    </message>
    <message>
        <source>The people listed for entry %1 were changed; reports on a person would be wrong.</source>
        <translation>The people listed for entry %1 were changed; reports on a person would be wrong.</translation>
    </message>
    <message>
        <source>People are listed for entry %1, which is not in the trail.</source>
        <translation>People are listed for entry %1, which is not in the trail.</translation>
    </message>
</context>
<context>
    <name>Backup</name>
    <message>
        <source>The backup %1 could not be written (%2). Check that the folder exists, that the disk has room and that this user may write there.</source>
        <translation>The backup %1 could not be written (%2). Check that the folder exists, that the disk has room and that this user may write there.</translation>
    </message>
    <message>
        <source>%1 could not be read for the backup (%2). Check that this user may read the data folder, then run the backup again.</source>
        <translation>%1 could not be read for the backup (%2). Check that this user may read the data folder, then run the backup again.</translation>
    </message>
    <message>
        <source>copy itself for the backup</source>
        <translation>copy itself for the backup</translation>
    </message>
    <message>
        <source>%1 changed while the backup was being made. Run the backup again.</source>
        <translation>%1 changed while the backup was being made. Run the backup again.</translation>
    </message>
    <message>
        <source>The backup passphrase is too short: use at least %1 characters. Keep it written down in a safe place; without it no backup can be restored.</source>
        <translation>The backup passphrase is too short: use at least %1 characters. Keep it written down in a safe place; without it no backup can be restored.</translation>
    </message>
    <message>
        <source>the folder could not be created</source>
        <translation>the folder could not be created</translation>
    </message>
    <message>
        <source>Backups are kept for 1 to %1 days; %2 is not possible.</source>
        <translation>Backups are kept for 1 to %1 days; %2 is not possible.</translation>
    </message>
    <message>
        <source>The backup could not be unpacked in %1 (%2). Check that the disk has room and that this user may write there; nothing was restored.</source>
        <translation>The backup could not be unpacked in %1 (%2). Check that the disk has room and that this user may write there; nothing was restored.</translation>
    </message>
    <message>
        <source>%1 is not an empty folder, and a restore overwrites nothing. Restore into a new folder, or empty this one first.</source>
        <translation>%1 is not an empty folder, and a restore overwrites nothing. Restore into a new folder, or empty this one first.</translation>
    </message>
    <message>
        <source>a folder could not be created</source>
        <translation>a folder could not be created</translation>
    </message>
    <message>
        <source>The backup %1 could not be read (%2).</source>
        <translation>The backup %1 could not be read (%2).</translation>
    </message>
    <message>
        <source>The database inside the backup %1 is damaged (%2), so nothing was restored. Use an older backup.</source>
        <translation>The database inside the backup %1 is damaged (%2), so nothing was restored. Use an older backup.</translation>
    </message>
    <message>
        <source>the restored folder could not be moved there</source>
        <translation>the restored folder could not be moved there</translation>
    </message>
    <message>
        <source>%1 could not be moved</source>
        <translation>%1 could not be moved</translation>
    </message>
</context>
<context>
    <name>Catalogue</name>
    <message>
        <source>The service catalogue is not valid JSON (%1).</source>
        <translation>The service catalogue is not valid JSON (%1).</translation>
    </message>
    <message>
        <source>The service catalogue has a service or field it cannot read.</source>
        <translation>The service catalogue has a service or field it cannot read.</translation>
    </message>
    <message>
        <source>The service catalogue has no version or no services.</source>
        <translation>The service catalogue has no version or no services.</translation>
    </message>
</context>
<context>
    <name>CentralStore</name>
    <message>
        <source>The random number source could not be started.</source>
        <translation>The random number source could not be started.</translation>
    </message>
    <message>
        <source>The central database %1 could not be opened: %2.</source>
        <translation>The central database %1 could not be opened: %2.</translation>
    </message>
    <message>
        <source>The central database was written by a newer sipelanduk-pusat (schema %1); run that version instead.</source>
        <translation>The central database was written by a newer sipelanduk-pusat (schema %1); run that version instead.</translation>
    </message>
    <message>
        <source>The central database is not available right now; try again in a moment.</source>
        <translation>The central database is not available right now; try again in a moment.</translation>
    </message>
    <message>
        <source>"%1" is not a kecamatan code such as 19.04.01.</source>
        <translation>"%1" is not a kecamatan code such as 19.04.01.</translation>
    </message>
    <message>
        <source>The enrolment code is not of the form XXXX-XXXX-XX; check what was typed.</source>
        <translation>The enrolment code is not of the form XXXX-XXXX-XX; check what was typed.</translation>
    </message>
    <message>
        <source>The enrolment code is not known; check what was typed or ask for a new code.</source>
        <translation>The enrolment code is not known; check what was typed or ask for a new code.</translation>
    </message>
    <message>
        <source>The enrolment code has been used already; ask for a new code.</source>
        <translation>The enrolment code has been used already; ask for a new code.</translation>
    </message>
    <message>
        <source>The enrolment code has expired; ask for a new code.</source>
        <translation>The enrolment code has expired; ask for a new code.</translation>
    </message>
    <message>
        <source>The enrolment code was issued for office %1, not %2; check the office or ask for a new code.</source>
        <translation>The enrolment code was issued for office %1, not %2; check the office or ask for a new code.</translation>
    </message>
    <message>
        <source>The device token is not known; enrol this PC again.</source>
        <translation>The device token is not known; enrol this PC again.</translation>
    </message>
    <message>
        <source>The batch %1 was sent before with other content; send changed applications in a new batch.</source>
        <translation>The batch %1 was sent before with other content; send changed applications in a new batch.</translation>
    </message>
    <message>
        <source>The batch names office %1, but this PC is enrolled for office %2.</source>
        <translation>The batch names office %1, but this PC is enrolled for office %2.</translation>
    </message>
    <message>
        <source>The registration number %1 does not belong to office %2.</source>
        <translation>The registration number %1 does not belong to office %2.</translation>
    </message>
    <message>
        <source>The content of the application does not match its seal, so it was changed after approval; have it approved again.</source>
        <translation>The content of the application does not match its seal, so it was changed after approval; have it approved again.</translation>
    </message>
    <message>
        <source>An application with this UUID was received before with other content.</source>
        <translation>An application with this UUID was received before with other content.</translation>
    </message>
    <message>
        <source>The registration number %1 is already used by another application.</source>
        <translation>The registration number %1 is already used by another application.</translation>
    </message>
    <message>
        <source>A rejection needs a reason that the counter can pass on to the applicant.</source>
        <translation>A rejection needs a reason that the counter can pass on to the applicant.</translation>
    </message>
    <message>
        <source>No application with registration number %1 has been received.</source>
        <translation>No application with registration number %1 has been received.</translation>
    </message>
    <message>
        <source>The scan %1 for requirement %2 has not been uploaded; send it before the batch.</source>
        <translation>The scan %1 for requirement %2 has not been uploaded; send it before the batch.</translation>
    </message>
    <message>
        <source>The central database URL is not of the form postgres://USER[:PASSWORD]@HOST:PORT/DBNAME; check --db.</source>
        <translation>The central database URL is not of the form postgres://USER[:PASSWORD]@HOST:PORT/DBNAME; check --db.</translation>
    </message>
    <message>
        <source>The setting "%1" after the '?' of the central database URL is not supported; use only %2, with plain values.</source>
        <translation>The setting "%1" after the '?' of the central database URL is not supported; use only %2, with plain values.</translation>
    </message>
    <message>
        <source>Qt's PostgreSQL driver is not installed (Debian package libqt6sql6-psql); install it to use a PostgreSQL central database.</source>
        <translation>Qt's PostgreSQL driver is not installed (Debian package libqt6sql6-psql); install it to use a PostgreSQL central database.</translation>
    </message>
    <message>
        <source>The pieces of scan %1 do not add up to that scan: the whole has another SHA-256 or size, so it was changed or damaged on the way. The pieces were dropped; send the scan again from the start.</source>
        <translation>The pieces of scan %1 do not add up to that scan: the whole has another SHA-256 or size, so it was changed or damaged on the way. The pieces were dropped; send the scan again from the start.</translation>
    </message>
    <message>
        <source>This piece of scan %1 starts at byte %2, but the server holds its first %3 bytes; continue from byte %3.</source>
        <translation>This piece of scan %1 starts at byte %2, but the server holds its first %3 bytes; continue from byte %3.</translation>
    </message>
    <message>
        <source>The file is not UTF-8 text, so it is not %1. Nothing was published.</source>
        <translation>The file is not UTF-8 text, so it is not %1. Nothing was published.</translation>
    </message>
    <message>
        <source>The file is not valid as %1: %2 Nothing was published.</source>
        <translation>The file is not valid as %1: %2 Nothing was published.</translation>
    </message>
    <message>
        <source>The file names version %1, but version %2 of %3 is already in use; raise the "version" in the file. Nothing was published.</source>
        <translation>The file names version %1, but version %2 of %3 is already in use; raise the "version" in the file. Nothing was published.</translation>
    </message>
    <message>
        <source>Application %1 has the status "%2" and cannot be given "%3".</source>
        <translation>Application %1 has the status "%2" and cannot be given "%3".</translation>
    </message>
</context>
<context>
    <name>CodeLists</name>
    <message>
        <source>The code lists are not valid JSON (%1).</source>
        <translation>The code lists are not valid JSON (%1).</translation>
    </message>
    <message>
        <source>The code list %1 has no entries or an entry without a code.</source>
        <translation>The code list %1 has no entries or an entry without a code.</translation>
    </message>
    <message>
        <source>The code lists have no version or no lists.</source>
        <translation>The code lists have no version or no lists.</translation>
    </message>
</context>
<context>
    <name>Commands</name>
    <message>
        <source>Command line of Sipelanduk Desktop, for IT staff.</source>
        <translation>Command line of Sipelanduk Desktop, for IT staff.</translation>
    </message>
    <message>
        <source>What to do; see the list above.</source>
        <translation>What to do; see the list above.</translation>
    </message>
    <message>
        <source>Unknown command "%1". Run sipelanduk-ctl --help for the list.</source>
        <translation>Unknown command "%1". Run sipelanduk-ctl --help for the list.</translation>
    </message>
    <message>
        <source>Say who acts, with --as NAME.</source>
        <translation>Say who acts, with --as NAME.</translation>
    </message>
    <message>
        <source>Password for %1:</source>
        <translation>Password for %1:</translation>
    </message>
    <message>
        <source>init needs --office CODE and --admin NAME.</source>
        <translation>init needs --office CODE and --admin NAME.</translation>
    </message>
    <message>
        <source>Set up for kecamatan %1 %2 (station %3); IT operator: %4.</source>
        <translation>Set up for kecamatan %1 %2 (station %3); IT operator: %4.</translation>
    </message>
    <message>
        <source>add-user needs a NAME and --role clerk, supervisor or admin.</source>
        <translation>add-user needs a NAME and --role clerk, supervisor or admin.</translation>
    </message>
    <message>
        <source>There is more than one IT operator; say which one acts, with --as.</source>
        <translation>There is more than one IT operator; say which one acts, with --as.</translation>
    </message>
    <message>
        <source>Password for the new account %1:</source>
        <translation>Password for the new account %1:</translation>
    </message>
    <message>
        <source>Account %1 created (%2).</source>
        <translation>Account %1 created (%2).</translation>
    </message>
    <message>
        <source>import-regions needs the path of a kode,nama CSV file.</source>
        <translation>import-regions needs the path of a kode,nama CSV file.</translation>
    </message>
    <message>
        <source>%1 region codes imported.</source>
        <translation>%1 region codes imported.</translation>
    </message>
    <message>
        <source>This PC is enrolled with %1.</source>
        <translation>This PC is enrolled with %1.</translation>
    </message>
    <message>
        <source>import-applications needs the path of a JSON file.</source>
        <translation>import-applications needs the path of a JSON file.</translation>
    </message>
    <message>
        <source>%1 could not be read (%2).</source>
        <translation>%1 could not be read (%2).</translation>
    </message>
    <message numerus="yes">
        <source>%n application(s) imported:</source>
        <translation>
            <numerusform>%n application imported:</numerusform>
            <numerusform>%n applications imported:</numerusform>
        </translation>
    </message>
    <message>
        <source>approve needs --all; single applications are approved in the desktop program.</source>
        <translation>approve needs --all; single applications are approved in the desktop program.</translation>
    </message>
    <message numerus="yes">
        <source>%n application(s) approved.</source>
        <translation>
            <numerusform>%n application approved.</numerusform>
            <numerusform>%n applications approved.</numerusform>
        </translation>
    </message>
    <message>
        <source>Batches sent: %1; accepted: %2; rejected: %3; status changes: %4.</source>
        <translation>Batches sent: %1; accepted: %2; rejected: %3; status changes: %4.</translation>
    </message>
    <message>
        <source>Rejected: %1</source>
        <translation>Rejected: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n application(s).</source>
        <translation>
            <numerusform>%n application.</numerusform>
            <numerusform>%n applications.</numerusform>
        </translation>
    </message>
    <message>
        <source>nik needs one or more numbers.</source>
        <translation>nik needs one or more numbers.</translation>
    </message>
    <message>
        <source>enrol needs --server URL, --code CODE and --as ADMIN.</source>
        <translation>enrol needs --server URL, --code CODE and --as ADMIN.</translation>
    </message>
    <message>
        <source>reset-password needs the NAME of the account and --as ADMIN.</source>
        <translation>reset-password needs the NAME of the account and --as ADMIN.</translation>
    </message>
    <message>
        <source>New password for %1:</source>
        <translation>New password for %1:</translation>
    </message>
    <message>
        <source>%1 has a new password and may sign in with it now.</source>
        <translation>%1 has a new password and may sign in with it now.</translation>
    </message>
    <message>
        <source>enable-user needs the NAME of the account and --as ADMIN.</source>
        <translation>enable-user needs the NAME of the account and --as ADMIN.</translation>
    </message>
    <message>
        <source>disable-user needs the NAME of the account and --as ADMIN.</source>
        <translation>disable-user needs the NAME of the account and --as ADMIN.</translation>
    </message>
    <message>
        <source>%1 may sign in again.</source>
        <translation>%1 may sign in again.</translation>
    </message>
    <message>
        <source>%1 can no longer sign in; their work stays on record.</source>
        <translation>%1 can no longer sign in; their work stays on record.</translation>
    </message>
    <message>
        <source>active</source>
        <translation>active</translation>
    </message>
    <message>
        <source>disabled</source>
        <translation>disabled</translation>
    </message>
    <message>
        <source>locked until %1</source>
        <translation>locked until %1</translation>
    </message>
    <message>
        <source>backup needs the path of the file to write, or --daily.</source>
        <translation>backup needs the path of the file to write, or --daily.</translation>
    </message>
    <message>
        <source>Passphrase for the backup:</source>
        <translation>Passphrase for the backup:</translation>
    </message>
    <message>
        <source>Backup written to %1. Keep the passphrase apart from the file: without it the backup cannot be restored.</source>
        <translation>Backup written to %1. Keep the passphrase apart from the file: without it the backup cannot be restored.</translation>
    </message>
    <message>
        <source>No passphrase for automatic backups is set on this PC. The IT operator sets it once with sipelanduk-ctl backup-settings.</source>
        <translation>No passphrase for automatic backups is set on this PC. The IT operator sets it once with sipelanduk-ctl backup-settings.</translation>
    </message>
    <message>
        <source>Backup written to %1.</source>
        <translation>Backup written to %1.</translation>
    </message>
    <message>
        <source>Today's backup %1 is already there.</source>
        <translation>Today's backup %1 is already there.</translation>
    </message>
    <message numerus="yes">
        <source>%n older backup(s) removed.</source>
        <translation>
            <numerusform>%n older backup removed.</numerusform>
            <numerusform>%n older backups removed.</numerusform>
        </translation>
    </message>
    <message>
        <source>backup-settings needs --keep-days N and --as ADMIN.</source>
        <translation>backup-settings needs --keep-days N and --as ADMIN.</translation>
    </message>
    <message>
        <source>Passphrase for automatic backups (at least %1 characters):</source>
        <translation>Passphrase for automatic backups (at least %1 characters):</translation>
    </message>
    <message numerus="yes">
        <source>Daily backups are kept for %n day(s). Their passphrase is in this PC's keychain; write it down and keep it apart from the PC, because a restore on a new PC needs it.</source>
        <translation>
            <numerusform>Daily backups are kept for %n day. Their passphrase is in this PC's keychain; write it down and keep it apart from the PC, because a restore on a new PC needs it.</numerusform>
            <numerusform>Daily backups are kept for %n days. Their passphrase is in this PC's keychain; write it down and keep it apart from the PC, because a restore on a new PC needs it.</numerusform>
        </translation>
    </message>
    <message>
        <source>restore needs the path of a backup file, and --data-dir with a new or empty folder.</source>
        <translation>restore needs the path of a backup file, and --data-dir with a new or empty folder.</translation>
    </message>
    <message>
        <source>Passphrase of the backup:</source>
        <translation>Passphrase of the backup:</translation>
    </message>
    <message>
        <source>The backup of kecamatan %1 made on %2 UTC is restored in %3.</source>
        <translation>The backup of kecamatan %1 made on %2 UTC is restored in %3.</translation>
    </message>
    <message>
        <source>This PC now has station %1 (the backup's PC had %2), so the two never hand out the same registration number.</source>
        <translation>This PC now has station %1 (the backup's PC had %2), so the two never hand out the same registration number.</translation>
    </message>
    <message>
        <source>Enrol this PC with the central server again (sipelanduk-ctl enrol): the enrolment stayed with the old PC. Set the passphrase for daily backups again as well (sipelanduk-ctl backup-settings).</source>
        <translation>Enrol this PC with the central server again (sipelanduk-ctl enrol): the enrolment stayed with the old PC. Set the passphrase for daily backups again as well (sipelanduk-ctl backup-settings).</translation>
    </message>
    <message>
        <source>audit needs verify, or person NIK --out FOLDER.</source>
        <translation>audit needs verify, or person NIK --out FOLDER.</translation>
    </message>
    <message numerus="yes">
        <source>The audit trail is whole: %n entries, none changed, removed or moved.</source>
        <translation>
            <numerusform>The audit trail is whole: %n entries, none changed, removed or moved.</numerusform>
            <numerusform>The audit trail is whole: %n entries, none changed, removed or moved.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The audit trail was tampered with at %n place(s); see above.</source>
        <translation>
            <numerusform>The audit trail was tampered with at %n place; see above.</numerusform>
            <numerusform>The audit trail was tampered with at %n places; see above.</numerusform>
        </translation>
    </message>
    <message>
        <source>audit person needs one NIK and --out FOLDER.</source>
        <translation>audit person needs one NIK and --out FOLDER.</translation>
    </message>
    <message>
        <source>The folder %1 could not be created.</source>
        <translation>The folder %1 could not be created.</translation>
    </message>
    <message>
        <source>%1 could not be written (%2).</source>
        <translation>%1 could not be written (%2).</translation>
    </message>
    <message>
        <source>Processing of personal data</source>
        <translation>Processing of personal data</translation>
    </message>
    <message>
        <source>report on the processing of NIK %1</source>
        <translation>report on the processing of NIK %1</translation>
    </message>
    <message numerus="yes">
        <source>%n entries written to %1.csv and %1.pdf.</source>
        <translation>
            <numerusform>%n entries written to %1.csv and %1.pdf.</numerusform>
            <numerusform>%n entries written to %1.csv and %1.pdf.</numerusform>
        </translation>
    </message>
    <message>
        <source>--days needs a whole number of days.</source>
        <translation>--days needs a whole number of days.</translation>
    </message>
    <message numerus="yes">
        <source>Personal data of %n handed-over application(s) deleted (retention: %1 days).</source>
        <translation>
            <numerusform>Personal data of %n handed-over application deleted (retention: %1 days).</numerusform>
            <numerusform>Personal data of %n handed-over applications deleted (retention: %1 days).</numerusform>
        </translation>
    </message>
    <message>
        <source>hand-over needs one registration number.</source>
        <translation>hand-over needs one registration number.</translation>
    </message>
    <message>
        <source>There is no application %1 on this PC.</source>
        <translation>There is no application %1 on this PC.</translation>
    </message>
    <message>
        <source>Application %1 was handed over.</source>
        <translation>Application %1 was handed over.</translation>
    </message>
    <message>
        <source>encrypted-disk takes required or optional, or nothing to show the state.</source>
        <translation>encrypted-disk takes required or optional, or nothing to show the state.</translation>
    </message>
    <message>
        <source>encrypted</source>
        <translation>encrypted</translation>
    </message>
    <message>
        <source>not encrypted</source>
        <translation>not encrypted</translation>
    </message>
    <message>
        <source>of unknown encryption</source>
        <translation>of unknown encryption</translation>
    </message>
    <message>
        <source>The data folder's disk is %1; encryption is %2.</source>
        <translation>The data folder's disk is %1; encryption is %2.</translation>
    </message>
    <message>
        <source>required</source>
        <translation>required</translation>
    </message>
    <message>
        <source>optional</source>
        <translation>optional</translation>
    </message>
    <message>
        <source>, required</source>
        <translation>, required</translation>
    </message>
    <message>
        <source>The service catalogue built into this program could not be read.</source>
        <translation>The service catalogue built into this program could not be read.</translation>
    </message>
    <message>
        <source>search needs a NIK, KK number, registration number or name.</source>
        <translation>search needs a NIK, KK number, registration number or name.</translation>
    </message>
    <message numerus="yes">
        <source>%n application(s) found.</source>
        <translation>
            <numerusform>%n application found.</numerusform>
            <numerusform>%n applications found.</numerusform>
        </translation>
    </message>
    <message>
        <source>set-ca-file needs the path of the regency's CA certificate file.</source>
        <translation>set-ca-file needs the path of the regency's CA certificate file.</translation>
    </message>
    <message>
        <source>Trusted for the central server: %1 (valid until %2).</source>
        <translation>Trusted for the central server: %1 (valid until %2).</translation>
    </message>
    <message>
        <source>%1 of %2 application(s) answered by the server.</source>
        <translation>%1 of %2 application(s) answered by the server.</translation>
    </message>
    <message>
        <source>Not sent: %1: %2</source>
        <translation>Not sent: %1: %2</translation>
    </message>
    <message>
        <source>The server asked to wait until %1 before the next sync.</source>
        <translation>The server asked to wait until %1 before the next sync.</translation>
    </message>
    <message>
        <source>queue takes --limit from 1 to %1 and --offset from 0; page through a longer queue with --offset.</source>
        <translation>queue takes --limit from 1 to %1 and --offset from 0; page through a longer queue with --offset.</translation>
    </message>
    <message>
        <source>Shown: %1 to %2 of %3 application(s) in the queue.</source>
        <translation>Shown: %1 to %2 of %3 application(s) in the queue.</translation>
    </message>
    <message numerus="yes">
        <source>The desktop program syncs every %n minute(s).</source>
        <translation>
            <numerusform>The desktop program syncs every %n minute.</numerusform>
            <numerusform>The desktop program syncs every %n minutes.</numerusform>
        </translation>
    </message>
    <message>
        <source>Automatic sync is off; the desktop program syncs on demand.</source>
        <translation>Automatic sync is off; the desktop program syncs on demand.</translation>
    </message>
    <message>
        <source>sync-schedule takes the interval in whole minutes, 0 for off.</source>
        <translation>sync-schedule takes the interval in whole minutes, 0 for off.</translation>
    </message>
    <message>
        <source>  (retired: no new applications)</source>
        <translation>  (retired: no new applications)</translation>
    </message>
    <message>
        <source>SIPELANDUK_TEST_CLOCK_OFFSET_SECONDS shifts this run's clock by %1 seconds. It exists for tests only; unset it.</source>
        <translation>SIPELANDUK_TEST_CLOCK_OFFSET_SECONDS shifts this run's clock by %1 seconds. It exists for tests only; unset it.</translation>
    </message>
    <message>
        <source>Master data: %1</source>
        <translation>Master data: %1</translation>
    </message>
    <message>
        <source>%1: version %2 from the central server, published %3, pulled %4.</source>
        <translation>%1: version %2 from the central server, published %3, pulled %4.</translation>
    </message>
    <message>
        <source>%1: the table this PC was set up with (%2 regions); none pulled yet.</source>
        <translation>%1: the table this PC was set up with (%2 regions); none pulled yet.</translation>
    </message>
    <message>
        <source>%1: version %2, built into the program.</source>
        <translation>%1: version %2, built into the program.</translation>
    </message>
    <message>
        <source>sync-settings takes NAME=VALUE, such as stall-timeout=60; "%1" is not one.</source>
        <translation>sync-settings takes NAME=VALUE, such as stall-timeout=60; "%1" is not one.</translation>
    </message>
    <message>
        <source>sync-settings knows connect-timeout, stall-timeout and retry-wait (seconds) and attempts (a whole number), not "%1".</source>
        <translation>sync-settings knows connect-timeout, stall-timeout and retry-wait (seconds) and attempts (a whole number), not "%1".</translation>
    </message>
    <message>
        <source>A connection must come up within %1 s; a transfer in which nothing moves for %2 s is given up. A request that fails on the way is tried up to %3 times, first after about %4 s, then twice as long each time.</source>
        <translation>A connection must come up within %1 s; a transfer in which nothing moves for %2 s is given up. A request that fails on the way is tried up to %3 times, first after about %4 s, then twice as long each time.</translation>
    </message>
    <message>
        <source>There is no Sipelanduk data in %1. Check --data-dir, or set the office up there first with init.</source>
        <translation>There is no Sipelanduk data in %1. Check --data-dir, or set the office up there first with init.</translation>
    </message>
    <message>
        <source>Nothing is waiting to be sent, and nothing was sent in the last 7 days.</source>
        <translation>Nothing is waiting to be sent, and nothing was sent in the last 7 days.</translation>
    </message>
    <message numerus="yes">
        <source>The queue holds %n application(s); --offset %1 is past its end.</source>
        <translation>
            <numerusform>The queue holds %n application; --offset %1 is past its end.</numerusform>
            <numerusform>The queue holds %n applications; --offset %1 is past its end.</numerusform>
        </translation>
    </message>
    <message>
        <source>Today's backup into the data folder's backups/</source>
        <translation>Today's backup into the data folder's backups/</translation>
    </message>
    <message>
        <source>Days that daily backups are kept</source>
        <translation>Days that daily backups are kept</translation>
    </message>
    <message>
        <source>Data folder (default: the platform's)</source>
        <translation>Data folder (default: the platform's)</translation>
    </message>
    <message>
        <source>Print data as JSON</source>
        <translation>Print data as JSON</translation>
    </message>
    <message>
        <source>Kecamatan code, e.g. 19.04.01</source>
        <translation>Kecamatan code, e.g. 19.04.01</translation>
    </message>
    <message>
        <source>Name of the first IT operator</source>
        <translation>Name of the first IT operator</translation>
    </message>
    <message>
        <source>clerk, supervisor or admin</source>
        <translation>clerk, supervisor or admin</translation>
    </message>
    <message>
        <source>Act as this account</source>
        <translation>Act as this account</translation>
    </message>
    <message>
        <source>Central server address</source>
        <translation>Central server address</translation>
    </message>
    <message>
        <source>One-time enrolment code</source>
        <translation>One-time enrolment code</translation>
    </message>
    <message>
        <source>The regency's CA certificate file</source>
        <translation>The regency's CA certificate file</translation>
    </message>
    <message>
        <source>Every application that qualifies</source>
        <translation>Every application that qualifies</translation>
    </message>
    <message>
        <source>Keep imported applications as drafts</source>
        <translation>Keep imported applications as drafts</translation>
    </message>
    <message>
        <source>Folder to write reports to</source>
        <translation>Folder to write reports to</translation>
    </message>
    <message>
        <source>Retention period in days</source>
        <translation>Retention period in days</translation>
    </message>
    <message>
        <source>At most N items (queue: 100 by default)</source>
        <translation>At most N items (queue: 100 by default)</translation>
    </message>
    <message>
        <source>Skip the first N items</source>
        <translation>Skip the first N items</translation>
    </message>
    <message>
        <source>set up this PC (password on stdin or SIPELANDUK_PASSWORD)</source>
        <translation>set up this PC (password on stdin or SIPELANDUK_PASSWORD)</translation>
    </message>
    <message>
        <source>new account; the admin's password, then the new one</source>
        <translation>new account; the admin's password, then the new one</translation>
    </message>
    <message>
        <source>new password; the admin's password, then the new one</source>
        <translation>new password; the admin's password, then the new one</translation>
    </message>
    <message>
        <source>NAME can no longer sign in; their history stays</source>
        <translation>NAME can no longer sign in; their history stays</translation>
    </message>
    <message>
        <source>NAME may sign in again</source>
        <translation>NAME may sign in again</translation>
    </message>
    <message>
        <source>accounts: role, active, locked until</source>
        <translation>accounts: role, active, locked until</translation>
    </message>
    <message>
        <source>load the national region table (kode,nama CSV)</source>
        <translation>load the national region table (kode,nama CSV)</translation>
    </message>
    <message>
        <source>enrol this PC with the central server; --ca-file when the regency signs its server's certificate itself</source>
        <translation>enrol this PC with the central server; --ca-file when the regency signs its server's certificate itself</translation>
    </message>
    <message>
        <source>trust the regency's CA certificate(s) in FILE from now on</source>
        <translation>trust the regency's CA certificate(s) in FILE from now on</translation>
    </message>
    <message>
        <source>capture and submit applications from a JSON file</source>
        <translation>capture and submit applications from a JSON file</translation>
    </message>
    <message>
        <source>approve every submitted application</source>
        <translation>approve every submitted application</translation>
    </message>
    <message>
        <source>send approved batches, fetch status and master data; progress on stderr</source>
        <translation>send approved batches, fetch status and master data; progress on stderr</translation>
    </message>
    <message>
        <source>applications waiting or recently sent: state and reason</source>
        <translation>applications waiting or recently sent: state and reason</translation>
    </message>
    <message>
        <source>show or set the automatic sync interval (0 = off)</source>
        <translation>show or set the automatic sync interval (0 = off)</translation>
    </message>
    <message>
        <source>show or set how patient sync is: connect-timeout, stall-timeout and retry-wait in seconds, attempts</source>
        <translation>show or set how patient sync is: connect-timeout, stall-timeout and retry-wait in seconds, attempts</translation>
    </message>
    <message>
        <source>applications and their state</source>
        <translation>applications and their state</translation>
    </message>
    <message>
        <source>versions of the code lists, catalogue and regions in use, and what their last pull changed</source>
        <translation>versions of the code lists, catalogue and regions in use, and what their last pull changed</translation>
    </message>
    <message>
        <source>by NIK, KK number, registration number or name</source>
        <translation>by NIK, KK number, registration number or name</translation>
    </message>
    <message>
        <source>check identity numbers</source>
        <translation>check identity numbers</translation>
    </message>
    <message>
        <source>the service catalogue in use: fields and required documents</source>
        <translation>the service catalogue in use: fields and required documents</translation>
    </message>
    <message>
        <source>the resident took the finished document</source>
        <translation>the resident took the finished document</translation>
    </message>
    <message>
        <source>delete personal data whose retention has ended</source>
        <translation>delete personal data whose retention has ended</translation>
    </message>
    <message>
        <source>show or set whether the data must be on an encrypted disk</source>
        <translation>show or set whether the data must be on an encrypted disk</translation>
    </message>
    <message>
        <source>check that the audit trail was not tampered with</source>
        <translation>check that the audit trail was not tampered with</translation>
    </message>
    <message>
        <source>what was done with one person's data (CSV and PDF)</source>
        <translation>what was done with one person's data (CSV and PDF)</translation>
    </message>
    <message>
        <source>encrypted copy of the data, also while the program runs (passphrase on stdin or SIPELANDUK_BACKUP_PASSPHRASE)</source>
        <translation>encrypted copy of the data, also while the program runs (passphrase on stdin or SIPELANDUK_BACKUP_PASSPHRASE)</translation>
    </message>
    <message>
        <source>today's backup into the data folder's backups/, for a scheduled task; the passphrase comes from the keychain</source>
        <translation>today's backup into the data folder's backups/, for a scheduled task; the passphrase comes from the keychain</translation>
    </message>
    <message>
        <source>how long daily backups are kept, and their passphrase</source>
        <translation>how long daily backups are kept, and their passphrase</translation>
    </message>
    <message>
        <source>a backup into --data-dir, a new or empty folder</source>
        <translation>a backup into --data-dir, a new or empty folder</translation>
    </message>
    <message>
        <source>Commands:</source>
        <translation>Commands:</translation>
    </message>
    <message>
        <source>command</source>
        <translation>command</translation>
    </message>
    <message>
        <source>read the central server's status changes again from the start, after the server was restored from a backup</source>
        <translation>read the central server's status changes again from the start, after the server was restored from a backup</translation>
    </message>
    <message>
        <source>The next sync reads the central server's status changes for this office from the start.</source>
        <translation>The next sync reads the central server's status changes for this office from the start.</translation>
    </message>
</context>
<context>
    <name>Database</name>
    <message>
        <source>The local database could not %1 (%2). Nothing was changed; try again, and call the IT operator if it keeps happening.</source>
        <translation>The local database could not %1 (%2). Nothing was changed; try again, and call the IT operator if it keeps happening.</translation>
    </message>
    <message>
        <source>The data folder %1 could not be created. Check that the disk is not full and that this user may write there.</source>
        <translation>The data folder %1 could not be created. Check that the disk is not full and that this user may write there.</translation>
    </message>
    <message>
        <source>Another Sipelanduk program is already using the data folder %1. Close it first, or choose another folder.</source>
        <translation>Another Sipelanduk program is already using the data folder %1. Close it first, or choose another folder.</translation>
    </message>
    <message>
        <source>The database in %1 could not be opened (%2).</source>
        <translation>The database in %1 could not be opened (%2).</translation>
    </message>
    <message>
        <source>prepare the database</source>
        <translation>prepare the database</translation>
    </message>
    <message>
        <source>The database in %1 was written by a newer version of Sipelanduk (schema %2; this program knows up to %3). Install the newer version; the data was not touched.</source>
        <translation>The database in %1 was written by a newer version of Sipelanduk (schema %2; this program knows up to %3). Install the newer version; the data was not touched.</translation>
    </message>
    <message>
        <source>Migration %1 is missing from this program.</source>
        <translation>Migration %1 is missing from this program.</translation>
    </message>
    <message>
        <source>upgrade its schema to version %1</source>
        <translation>upgrade its schema to version %1</translation>
    </message>
    <message>
        <source>record schema version %1</source>
        <translation>record schema version %1</translation>
    </message>
    <message>
        <source>start a transaction</source>
        <translation>start a transaction</translation>
    </message>
    <message>
        <source>save the change</source>
        <translation>save the change</translation>
    </message>
    <message>
        <source>save the setting %1</source>
        <translation>save the setting %1</translation>
    </message>
    <message>
        <source>There is no transaction to save.</source>
        <translation>There is no transaction to save.</translation>
    </message>
    <message>
        <source>The database %1 is damaged (%2) and cannot be used. No backup was found in %3: ask the IT operator for the latest backup file and restore it with sipelanduk-ctl restore.</source>
        <translation>The database %1 is damaged (%2) and cannot be used. No backup was found in %3: ask the IT operator for the latest backup file and restore it with sipelanduk-ctl restore.</translation>
    </message>
    <message>
        <source>The database %1 is damaged (%2) and cannot be used. Restore the latest backup, %3, with sipelanduk-ctl restore, or let the desktop program restore it.</source>
        <translation>The database %1 is damaged (%2) and cannot be used. Restore the latest backup, %3, with sipelanduk-ctl restore, or let the desktop program restore it.</translation>
    </message>
    <message>
        <source>There is no Sipelanduk database in %1. Check the data folder (--data-dir).</source>
        <translation>There is no Sipelanduk database in %1. Check the data folder (--data-dir).</translation>
    </message>
    <message>
        <source>check itself</source>
        <translation>check itself</translation>
    </message>
    <message>
        <source>the check gave no answer</source>
        <translation>the check gave no answer</translation>
    </message>
    <message>
        <source>The database in %1 is at schema version %2 and this program needs %3. Close the desktop program and run the command again.</source>
        <translation>The database in %1 is at schema version %2 and this program needs %3. Close the desktop program and run the command again.</translation>
    </message>
    <message>
        <source>The database file %1 is missing or empty, although this folder held one. Nothing was created in its place. Restore the latest backup (sipelanduk-ctl restore) or ask the IT operator.</source>
        <translation>The database file %1 is missing or empty, although this folder held one. Nothing was created in its place. Restore the latest backup (sipelanduk-ctl restore) or ask the IT operator.</translation>
    </message>
</context>
<context>
    <name>DiskPolicy</name>
    <message>
        <source>The data folder %1 is on a disk that is not encrypted, and this office requires encryption for residents' data. Move the data folder to an encrypted disk (BitLocker, LUKS), or ask the regency's IT staff.</source>
        <translation>The data folder %1 is on a disk that is not encrypted, and this office requires encryption for residents' data. Move the data folder to an encrypted disk (BitLocker, LUKS), or ask the regency's IT staff.</translation>
    </message>
</context>
<context>
    <name>Gzip</name>
    <message>
        <source>The compressed body is damaged or cut off; send it again.</source>
        <translation>The compressed body is damaged or cut off; send it again.</translation>
    </message>
    <message>
        <source>The compressed body unpacks to more than %1 MB; send fewer applications per batch.</source>
        <translation>The compressed body unpacks to more than %1 MB; send fewer applications per batch.</translation>
    </message>
</context>
<context>
    <name>Keychain</name>
    <message>
        <source>No secret is stored for this PC yet. The IT operator must enrol it with the central server first.</source>
        <translation>No secret is stored for this PC yet. The IT operator must enrol it with the central server first.</translation>
    </message>
    <message>
        <source>The system keychain could not be used (%1). Make sure the desktop session's keyring is running and unlocked, then try again.</source>
        <translation>The system keychain could not be used (%1). Make sure the desktop session's keyring is running and unlocked, then try again.</translation>
    </message>
</context>
<context>
    <name>MasterData</name>
    <message>
        <source>the code lists</source>
        <translation>the code lists</translation>
    </message>
    <message>
        <source>the service catalogue</source>
        <translation>the service catalogue</translation>
    </message>
    <message>
        <source>the region table</source>
        <translation>the region table</translation>
    </message>
    <message>
        <source>The catalogue in use names a code list or a code these code lists lack.</source>
        <translation>The catalogue in use names a code list or a code these code lists lack.</translation>
    </message>
    <message>
        <source>The service %1 is missing. A service the office no longer takes stays in the catalogue with "retired": true, so that applications captured for it can still be completed.</source>
        <translation>The service %1 is missing. A service the office no longer takes stays in the catalogue with "retired": true, so that applications captured for it can still be completed.</translation>
    </message>
    <message>
        <source>Unknown kind of master data.</source>
        <translation>Unknown kind of master data.</translation>
    </message>
    <message>
        <source>Version %1 of %2 from the central server was refused: %3 This PC keeps working with the version it has; tell the central office.</source>
        <translation>Version %1 of %2 from the central server was refused: %3 This PC keeps working with the version it has; tell the central office.</translation>
    </message>
    <message>
        <source>Its content does not match its SHA-256, so it was damaged on the way.</source>
        <translation>Its content does not match its SHA-256, so it was damaged on the way.</translation>
    </message>
    <message>
        <source>The file names version %1 inside, but was published as version %2.</source>
        <translation>The file names version %1 inside, but was published as version %2.</translation>
    </message>
    <message>
        <source>store version %1 of %2</source>
        <translation>store version %1 of %2</translation>
    </message>
    <message>
        <source>Region table version %1: %2 regions; %3 added, %4 removed, %5 renamed.</source>
        <translation>Region table version %1: %2 regions; %3 added, %4 removed, %5 renamed.</translation>
    </message>
    <message>
        <source>Renamed: %1 %2 is now %3.</source>
        <translation>Renamed: %1 %2 is now %3.</translation>
    </message>
    <message>
        <source>Service catalogue version %1 (before: %2), %3 services.</source>
        <translation>Service catalogue version %1 (before: %2), %3 services.</translation>
    </message>
    <message>
        <source>Code lists version %1 (before: %2), %3 lists.</source>
        <translation>Code lists version %1 (before: %2), %3 lists.</translation>
    </message>
    <message>
        <source>New: %1.</source>
        <translation>New: %1.</translation>
    </message>
    <message>
        <source>Retired: %1; no new application can be started for it.</source>
        <translation>Retired: %1; no new application can be started for it.</translation>
    </message>
    <message>
        <source>Changed: %1.</source>
        <translation>Changed: %1.</translation>
    </message>
    <message>
        <source>Removed: %1.</source>
        <translation>Removed: %1.</translation>
    </message>
</context>
<context>
    <name>Nik</name>
    <message>
        <source>The number is empty; a NIK has 16 digits.</source>
        <translation>The number is empty; a NIK has 16 digits.</translation>
    </message>
    <message>
        <source>The number may only hold the digits 0 to 9; check for a letter such as I or O typed in place of 1 or 0.</source>
        <translation>The number may only hold the digits 0 to 9; check for a letter such as I or O typed in place of 1 or 0.</translation>
    </message>
    <message>
        <source>The number has %1 digits; a NIK has exactly 16. Check for a missing or extra digit.</source>
        <translation>The number has %1 digits; a NIK has exactly 16. Check for a missing or extra digit.</translation>
    </message>
    <message>
        <source>Digits 7 and 8 (%1) are not a day of birth: men have 01 to 31, women 41 to 71.</source>
        <translation>Digits 7 and 8 (%1) are not a day of birth: men have 01 to 31, women 41 to 71.</translation>
    </message>
    <message>
        <source>Digits 9 and 10 (%1) are not a month; a month is 01 to 12.</source>
        <translation>Digits 9 and 10 (%1) are not a month; a month is 01 to 12.</translation>
    </message>
    <message>
        <source>The birth date in the number, %1-%2-%3, does not exist in the calendar.</source>
        <translation>The birth date in the number, %1-%2-%3, does not exist in the calendar.</translation>
    </message>
    <message>
        <source>The serial (the last four digits) is 0000; serials start at 0001.</source>
        <translation>The serial (the last four digits) is 0000; serials start at 0001.</translation>
    </message>
    <message>
        <source>The first two digits (%1) are not an Indonesian province.</source>
        <translation>The first two digits (%1) are not an Indonesian province.</translation>
    </message>
    <message>
        <source>Kabupaten/kota %1 is not in the region table. Check the number against the card; if it is right, confirm it.</source>
        <translation>Kabupaten/kota %1 is not in the region table. Check the number against the card; if it is right, confirm it.</translation>
    </message>
    <message>
        <source>Kecamatan %1 is not in the region table. Check the number against the card; if it is right, confirm it.</source>
        <translation>Kecamatan %1 is not in the region table. Check the number against the card; if it is right, confirm it.</translation>
    </message>
    <message>
        <source>The NIK holds the birth date %1-%2-%3, the documents say %4. A NIK never changes; confirm that the documents are right.</source>
        <translation>The NIK holds the birth date %1-%2-%3, the documents say %4. A NIK never changes; confirm that the documents are right.</translation>
    </message>
    <message>
        <source>The NIK is that of a %1, the documents say %2. Confirm that the documents are right.</source>
        <translation>The NIK is that of a %1, the documents say %2. Confirm that the documents are right.</translation>
    </message>
    <message>
        <source>woman</source>
        <translation>woman</translation>
    </message>
    <message>
        <source>man</source>
        <translation>man</translation>
    </message>
    <message>
        <source>Digits 3 to 6 (%1) cannot be a kabupaten and kecamatan: codes start at 01.</source>
        <translation>Digits 3 to 6 (%1) cannot be a kabupaten and kecamatan: codes start at 01.</translation>
    </message>
</context>
<context>
    <name>Office</name>
    <message>
        <source>This PC has not been set up yet. The IT operator sets the office first (sipelanduk-ctl init).</source>
        <translation>This PC has not been set up yet. The IT operator sets the office first (sipelanduk-ctl init).</translation>
    </message>
    <message>
        <source>This PC is already set up for kecamatan %1.</source>
        <translation>This PC is already set up for kecamatan %1.</translation>
    </message>
    <message>
        <source>%1 is not a kecamatan in the region table. Give the kecamatan code with dots, for example 19.04.01 for Koba.</source>
        <translation>%1 is not a kecamatan in the region table. Give the kecamatan code with dots, for example 19.04.01 for Koba.</translation>
    </message>
    <message>
        <source>The security library could not start.</source>
        <translation>The security library could not start.</translation>
    </message>
    <message>
        <source>forget the enrolment</source>
        <translation>forget the enrolment</translation>
    </message>
</context>
<context>
    <name>Outbox</name>
    <message>
        <source>read an application</source>
        <translation>read an application</translation>
    </message>
    <message>
        <source>update an application</source>
        <translation>update an application</translation>
    </message>
    <message>
        <source>close the batch for sending</source>
        <translation>close the batch for sending</translation>
    </message>
    <message>
        <source>read the batch</source>
        <translation>read the batch</translation>
    </message>
    <message>
        <source>The server answered for another batch than the one sent. Nothing was marked as sent; the batch will be sent again.</source>
        <translation>The server answered for another batch than the one sent. Nothing was marked as sent; the batch will be sent again.</translation>
    </message>
    <message>
        <source>mark the batch as sent</source>
        <translation>mark the batch as sent</translation>
    </message>
    <message>
        <source>record the failed attempt</source>
        <translation>record the failed attempt</translation>
    </message>
    <message>
        <source>status from the central server</source>
        <translation>status from the central server</translation>
    </message>
    <message>
        <source>record the sync run</source>
        <translation>record the sync run</translation>
    </message>
    <message>
        <source>The server's answer does not speak for the applications that were sent (%1 sent, %2 answered). Nothing was marked as sent; the batch will be sent again.</source>
        <translation>The server's answer does not speak for the applications that were sent (%1 sent, %2 answered). Nothing was marked as sent; the batch will be sent again.</translation>
    </message>
    <message>
        <source>The run was interrupted before it finished.</source>
        <translation>The run was interrupted before it finished.</translation>
    </message>
    <message>
        <source>waiting</source>
        <translation>waiting</translation>
    </message>
    <message>
        <source>sending</source>
        <translation>sending</translation>
    </message>
    <message>
        <source>sent</source>
        <translation>sent</translation>
    </message>
    <message>
        <source>accepted</source>
        <translation>accepted</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation>rejected</translation>
    </message>
    <message>
        <source>failed, will be tried again</source>
        <translation>failed, will be tried again</translation>
    </message>
    <message>
        <source>The central server sent status changes without moving its list forward from number %1, so asking again would never end. This answer was not applied. Tell the regency's IT staff.</source>
        <translation>The central server sent status changes without moving its list forward from number %1, so asking again would never end. This answer was not applied. Tell the regency's IT staff.</translation>
    </message>
    <message>
        <source>The central server's list of status changes went back from number %1 to %2; it may have been restored from a backup. This answer was not applied. Tell the regency's IT staff; once they confirm the restore, the IT operator reads the list again from its start (sipelanduk-ctl resync-status).</source>
        <translation>The central server's list of status changes went back from number %1 to %2; it may have been restored from a backup. This answer was not applied. Tell the regency's IT staff; once they confirm the restore, the IT operator reads the list again from its start (sipelanduk-ctl resync-status).</translation>
    </message>
</context>
<context>
    <name>PasswordPair</name>
    <message>
        <source>Password:</source>
        <translation>Password:</translation>
    </message>
    <message>
        <source>Password again:</source>
        <translation>Password again:</translation>
    </message>
    <message>
        <source>The two passwords differ. Type the same password twice.</source>
        <translation>The two passwords differ. Type the same password twice.</translation>
    </message>
</context>
<context>
    <name>PdfDocument</name>
    <message>
        <source>%1 could not be written. Check that the folder exists and this user may write there.</source>
        <translation>%1 could not be written. Check that the folder exists and this user may write there.</translation>
    </message>
</context>
<context>
    <name>Permissions</name>
    <message>
        <source>%1 is signed in as %2, who may not do this; it is work for: %3. Sign in with such an account.</source>
        <translation>%1 is signed in as %2, who may not do this; it is work for: %3. Sign in with such an account.</translation>
    </message>
    <message>
        <source> or </source>
        <translation> or </translation>
    </message>
</context>
<context>
    <name>PersonReport</name>
    <message>
        <source>captured</source>
        <translation>captured</translation>
    </message>
    <message>
        <source>changed</source>
        <translation>changed</translation>
    </message>
    <message>
        <source>viewed</source>
        <translation>viewed</translation>
    </message>
    <message>
        <source>submitted for approval</source>
        <translation>submitted for approval</translation>
    </message>
    <message>
        <source>approved</source>
        <translation>approved</translation>
    </message>
    <message>
        <source>returned for correction</source>
        <translation>returned for correction</translation>
    </message>
    <message>
        <source>access refused</source>
        <translation>access refused</translation>
    </message>
    <message>
        <source>printed</source>
        <translation>printed</translation>
    </message>
    <message>
        <source>exported</source>
        <translation>exported</translation>
    </message>
    <message>
        <source>sent to Disdukcapil</source>
        <translation>sent to Disdukcapil</translation>
    </message>
    <message>
        <source>status from Disdukcapil</source>
        <translation>status from Disdukcapil</translation>
    </message>
    <message>
        <source>handed over</source>
        <translation>handed over</translation>
    </message>
    <message>
        <source>personal data deleted</source>
        <translation>personal data deleted</translation>
    </message>
    <message>
        <source>entry</source>
        <translation>entry</translation>
    </message>
    <message>
        <source>time</source>
        <translation>time</translation>
    </message>
    <message>
        <source>by</source>
        <translation>by</translation>
    </message>
    <message>
        <source>action</source>
        <translation>action</translation>
    </message>
    <message>
        <source>registration number</source>
        <translation>registration number</translation>
    </message>
    <message>
        <source>detail</source>
        <translation>detail</translation>
    </message>
    <message>
        <source>Nothing was recorded.</source>
        <translation>Nothing was recorded.</translation>
    </message>
    <message>
        <source>Processing of personal data</source>
        <translation>Processing of personal data</translation>
    </message>
    <message>
        <source>NIK %1. Kantor camat %2. Made on %3.</source>
        <translation>NIK %1. Kantor camat %2. Made on %3.</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>By</source>
        <translation>By</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>Registration number</source>
        <translation>Registration number</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>Detail</translation>
    </message>
    <message>
        <source>Every action on an application that names this NIK, from this PC's audit trail. Times are local.</source>
        <translation>Every action on an application that names this NIK, from this PC's audit trail. Times are local.</translation>
    </message>
</context>
<context>
    <name>Protocol</name>
    <message>
        <source>a text</source>
        <translation>a text</translation>
    </message>
    <message>
        <source>a text that is not empty</source>
        <translation>a text that is not empty</translation>
    </message>
    <message>
        <source>a text or null</source>
        <translation>a text or null</translation>
    </message>
    <message>
        <source>a whole number</source>
        <translation>a whole number</translation>
    </message>
    <message>
        <source>a whole number from %1 to %2</source>
        <translation>a whole number from %1 to %2</translation>
    </message>
    <message>
        <source>true or false</source>
        <translation>true or false</translation>
    </message>
    <message>
        <source>a UUID</source>
        <translation>a UUID</translation>
    </message>
    <message>
        <source>a UUID such as 0b7c6e52-3f0e-4d2a-9a51-6f1d2c3b4a59</source>
        <translation>a UUID such as 0b7c6e52-3f0e-4d2a-9a51-6f1d2c3b4a59</translation>
    </message>
    <message>
        <source>a UTC time such as 2026-12-03T08:00:00.000Z</source>
        <translation>a UTC time such as 2026-12-03T08:00:00.000Z</translation>
    </message>
    <message>
        <source>a kecamatan code such as 19.04.01</source>
        <translation>a kecamatan code such as 19.04.01</translation>
    </message>
    <message>
        <source>64 lowercase hexadecimal characters</source>
        <translation>64 lowercase hexadecimal characters</translation>
    </message>
    <message>
        <source>an object</source>
        <translation>an object</translation>
    </message>
    <message>
        <source>a list</source>
        <translation>a list</translation>
    </message>
    <message>
        <source>one of accepted, rejected</source>
        <translation>one of accepted, rejected</translation>
    </message>
    <message>
        <source>one of accepted, processing, completed, rejected</source>
        <translation>one of accepted, processing, completed, rejected</translation>
    </message>
    <message>
        <source>The message lacks the field "%1".</source>
        <translation>The message lacks the field "%1".</translation>
    </message>
    <message>
        <source>The field "%1" must be %2.</source>
        <translation>The field "%1" must be %2.</translation>
    </message>
    <message>
        <source>an object with code and message for a rejected application</source>
        <translation>an object with code and message for a rejected application</translation>
    </message>
    <message>
        <source>The body is not a JSON object.</source>
        <translation>The body is not a JSON object.</translation>
    </message>
    <message>
        <source>one of codelists, catalogue, regions</source>
        <translation>one of codelists, catalogue, regions</translation>
    </message>
    <message>
        <source>a UTC time exactly when the version is above 0</source>
        <translation>a UTC time exactly when the version is above 0</translation>
    </message>
    <message>
        <source>a SHA-256 exactly when the version is above 0</source>
        <translation>a SHA-256 exactly when the version is above 0</translation>
    </message>
    <message>
        <source>null when the version is 0</source>
        <translation>null when the version is 0</translation>
    </message>
</context>
<context>
    <name>PusatCommands</name>
    <message>
        <source>Say where to serve with --listen ADDRESS:PORT, such as --listen 127.0.0.1:8080.</source>
        <translation>Say where to serve with --listen ADDRESS:PORT, such as --listen 127.0.0.1:8080.</translation>
    </message>
    <message>
        <source>Name the office the code is for with --office, such as 19.04.01.</source>
        <translation>Name the office the code is for with --office, such as 19.04.01.</translation>
    </message>
    <message>
        <source>The status must be processing, completed or rejected.</source>
        <translation>The status must be processing, completed or rejected.</translation>
    </message>
    <message>
        <source>HTTPS needs both --tls-cert FILE and --tls-key FILE.</source>
        <translation>HTTPS needs both --tls-cert FILE and --tls-key FILE.</translation>
    </message>
    <message>
        <source>What to publish is codelists, catalogue or regions, not "%1".</source>
        <translation>What to publish is codelists, catalogue or regions, not "%1".</translation>
    </message>
    <message>
        <source>%1 could not be read (%2).</source>
        <translation>%1 could not be read (%2).</translation>
    </message>
    <message>
        <source>Published version %1 of %2 (%3 items); counter PCs take it at their next sync.</source>
        <translation>Published version %1 of %2 (%3 items); counter PCs take it at their next sync.</translation>
    </message>
    <message>
        <source>%1 now has the status "%2".</source>
        <translation>%1 now has the status "%2".</translation>
    </message>
</context>
<context>
    <name>ReceiptDocument</name>
    <message>
        <source>The receipt could not be printed: %1.</source>
        <translation>The receipt could not be printed: %1.</translation>
    </message>
    <message>
        <source>the QR code could not be made</source>
        <translation>the QR code could not be made</translation>
    </message>
    <message>
        <source>the printer or file did not open</source>
        <translation>the printer or file did not open</translation>
    </message>
    <message>
        <source>%1 could not be written. Check that the folder exists and this user may write there.</source>
        <translation>%1 could not be written. Check that the folder exists and this user may write there.</translation>
    </message>
</context>
<context>
    <name>Receipts</name>
    <message>
        <source>The application has no registration number yet; save it before printing its receipt.</source>
        <translation>The application has no registration number yet; save it before printing its receipt.</translation>
    </message>
    <message>
        <source>Application %1 was captured by another clerk; its receipt is printed by that clerk or a supervisor.</source>
        <translation>Application %1 was captured by another clerk; its receipt is printed by that clerk or a supervisor.</translation>
    </message>
</context>
<context>
    <name>RegionStore</name>
    <message>
        <source>The built-in region table is missing from this program.</source>
        <translation>The built-in region table is missing from this program.</translation>
    </message>
    <message>
        <source>The region file %1 could not be read (%2).</source>
        <translation>The region file %1 could not be read (%2).</translation>
    </message>
    <message>
        <source>The CSV reader could not start.</source>
        <translation>The CSV reader could not start.</translation>
    </message>
    <message>
        <source>Line %1 of the region file is not valid CSV (a quote is not closed or stands in the wrong place). Correct the line and import again; the region table was not changed.</source>
        <translation>Line %1 of the region file is not valid CSV (a quote is not closed or stands in the wrong place). Correct the line and import again; the region table was not changed.</translation>
    </message>
    <message>
        <source>Line %1 of the region file is not a region: it must read kode,nama with a code such as 19.04.01.1002 and a name. Correct the line and import again; the region table was not changed.</source>
        <translation>Line %1 of the region file is not a region: it must read kode,nama with a code such as 19.04.01.1002 and a name. Correct the line and import again; the region table was not changed.</translation>
    </message>
    <message>
        <source>The region file holds no regions.</source>
        <translation>The region file holds no regions.</translation>
    </message>
    <message>
        <source>clear the region table</source>
        <translation>clear the region table</translation>
    </message>
    <message>
        <source>store region %1</source>
        <translation>store region %1</translation>
    </message>
    <message>
        <source>Line %1 of the region file repeats the code %2 of line %3. Keep one of them and import again; the region table was not changed.</source>
        <translation>Line %1 of the region file repeats the code %2 of line %3. Keep one of them and import again; the region table was not changed.</translation>
    </message>
</context>
<context>
    <name>RestoreOffer</name>
    <message>
        <source>Damaged database</source>
        <translation>Damaged database</translation>
    </message>
    <message>
        <source>Restore the backup %1 now? The damaged files are kept in the data folder. This PC then gets a new station code and must be enrolled again.</source>
        <translation>Restore the backup %1 now? The damaged files are kept in the data folder. This PC then gets a new station code and must be enrolled again.</translation>
    </message>
    <message>
        <source>Restore the backup</source>
        <translation>Restore the backup</translation>
    </message>
    <message>
        <source>Passphrase of the backup %1:</source>
        <translation>Passphrase of the backup %1:</translation>
    </message>
    <message>
        <source>The backup made on %1 UTC is restored; the damaged files are in %2. This PC now has station %3. The IT operator must enrol it with the central server again and set the passphrase for daily backups again.</source>
        <translation>The backup made on %1 UTC is restored; the damaged files are in %2. This PC now has station %3. The IT operator must enrol it with the central server again and set the passphrase for daily backups again.</translation>
    </message>
</context>
<context>
    <name>Retention</name>
    <message>
        <source>The retention period is a number of days, 0 or more.</source>
        <translation>The retention period is a number of days, 0 or more.</translation>
    </message>
    <message>
        <source>find applications to purge</source>
        <translation>find applications to purge</translation>
    </message>
    <message numerus="yes">
        <source>retention of %n day(s) ended</source>
        <translation>
            <numerusform>retention of %n day ended</numerusform>
            <numerusform>retention of %n days ended</numerusform>
        </translation>
    </message>
    <message>
        <source>purge an application</source>
        <translation>purge an application</translation>
    </message>
    <message>
        <source>purge an application's scans</source>
        <translation>purge an application's scans</translation>
    </message>
</context>
<context>
    <name>Role</name>
    <message>
        <source>Counter clerk</source>
        <translation>Counter clerk</translation>
    </message>
    <message>
        <source>Supervisor</source>
        <translation>Supervisor</translation>
    </message>
    <message>
        <source>IT operator</source>
        <translation>IT operator</translation>
    </message>
</context>
<context>
    <name>ScanKey</name>
    <message>
        <source>Scans are stored on this PC but their key is not in the system keychain, so they cannot be opened. Restore the keychain entry, or restore this PC from a backup that holds the scans.</source>
        <translation>Scans are stored on this PC but their key is not in the system keychain, so they cannot be opened. Restore the keychain entry, or restore this PC from a backup that holds the scans.</translation>
    </message>
    <message>
        <source>The scan key in the system keychain is not a key this program wrote. Restore the keychain entry from a backup of this PC.</source>
        <translation>The scan key in the system keychain is not a key this program wrote. Restore the keychain entry from a backup of this PC.</translation>
    </message>
    <message>
        <source>The data is restored, but the key of its scans in the backup is damaged, so the scans cannot be opened. Restore an older backup to get them back.</source>
        <translation>The data is restored, but the key of its scans in the backup is damaged, so the scans cannot be opened. Restore an older backup to get them back.</translation>
    </message>
    <message>
        <source>The data is restored, but the key of its scans could not be put into this PC's keychain (%1), so the scans cannot be opened yet. Empty the folder and restore again once the keychain works.</source>
        <translation>The data is restored, but the key of its scans could not be put into this PC's keychain (%1), so the scans cannot be opened yet. Empty the folder and restore again once the keychain works.</translation>
    </message>
</context>
<context>
    <name>ScanStore</name>
    <message>
        <source>The scan %1 was changed on disk or was not encrypted with this PC's scan key, so it is not shown. Restore it from a backup, or attach the document again.</source>
        <translation>The scan %1 was changed on disk or was not encrypted with this PC's scan key, so it is not shown. Restore it from a backup, or attach the document again.</translation>
    </message>
    <message>
        <source>%1 is larger than %2 MB, the most a scan may be. Scan it again at a lower resolution, or as a JPEG instead of a PDF.</source>
        <translation>%1 is larger than %2 MB, the most a scan may be. Scan it again at a lower resolution, or as a JPEG instead of a PDF.</translation>
    </message>
    <message>
        <source>The scan file %1 could not be used (%2). Check that the disk has room and that this user may read and write the data folder.</source>
        <translation>The scan file %1 could not be used (%2). Check that the disk has room and that this user may read and write the data folder.</translation>
    </message>
    <message>
        <source>This scan is not attached to requirement %1 of application %2.</source>
        <translation>This scan is not attached to requirement %1 of application %2.</translation>
    </message>
    <message>
        <source>%1 is not the identity of a scan.</source>
        <translation>%1 is not the identity of a scan.</translation>
    </message>
    <message>
        <source>There is no application %1 on this PC.</source>
        <translation>There is no application %1 on this PC.</translation>
    </message>
    <message>
        <source>Scans of application %1 can be changed only by %2, who captured it, while it is a draft or returned; it is "%3".</source>
        <translation>Scans of application %1 can be changed only by %2, who captured it, while it is a draft or returned; it is "%3".</translation>
    </message>
    <message>
        <source>%1 is not a requirement of application %2.</source>
        <translation>%1 is not a requirement of application %2.</translation>
    </message>
    <message>
        <source>%1 is not a JPEG, PNG or PDF file, whatever its name says. Save the scan in one of those formats and attach it again.</source>
        <translation>%1 is not a JPEG, PNG or PDF file, whatever its name says. Save the scan in one of those formats and attach it again.</translation>
    </message>
    <message>
        <source>The encryption library could not be started.</source>
        <translation>The encryption library could not be started.</translation>
    </message>
    <message>
        <source>the folder could not be created</source>
        <translation>the folder could not be created</translation>
    </message>
    <message>
        <source>store the scan</source>
        <translation>store the scan</translation>
    </message>
    <message>
        <source>%1 is already attached to requirement %2.</source>
        <translation>%1 is already attached to requirement %2.</translation>
    </message>
    <message>
        <source>attach the scan</source>
        <translation>attach the scan</translation>
    </message>
    <message>
        <source>remove the scan</source>
        <translation>remove the scan</translation>
    </message>
    <message>
        <source>list the scans of an application</source>
        <translation>list the scans of an application</translation>
    </message>
</context>
<context>
    <name>SealedReader</name>
    <message>
        <source>The security library could not start.</source>
        <translation>The security library could not start.</translation>
    </message>
    <message>
        <source>%1 is not a Sipelanduk backup. Choose a file made by sipelanduk-ctl backup (its name ends in .sipbackup).</source>
        <translation>%1 is not a Sipelanduk backup. Choose a file made by sipelanduk-ctl backup (its name ends in .sipbackup).</translation>
    </message>
    <message>
        <source>The backup %1 was made by a newer version of Sipelanduk (format %2). Restore it with that version.</source>
        <translation>The backup %1 was made by a newer version of Sipelanduk (format %2). Restore it with that version.</translation>
    </message>
    <message>
        <source>The key for the backup could not be made: the PC is short of memory. Close other programs and try again.</source>
        <translation>The key for the backup could not be made: the PC is short of memory. Close other programs and try again.</translation>
    </message>
    <message>
        <source>The backup %1 is incomplete or was changed after it was made, so nothing was restored from it. Copy it again from where it is kept, or use an older backup.</source>
        <translation>The backup %1 is incomplete or was changed after it was made, so nothing was restored from it. Copy it again from where it is kept, or use an older backup.</translation>
    </message>
    <message>
        <source>The passphrase does not open the backup %1. Check it (capital letters count) and try again; if it is surely right, the file was changed and another backup is needed.</source>
        <translation>The passphrase does not open the backup %1. Check it (capital letters count) and try again; if it is surely right, the file was changed and another backup is needed.</translation>
    </message>
</context>
<context>
    <name>SealedWriter</name>
    <message>
        <source>The security library could not start.</source>
        <translation>The security library could not start.</translation>
    </message>
    <message>
        <source>The key for the backup could not be made: the PC is short of memory. Close other programs and try again.</source>
        <translation>The key for the backup could not be made: the PC is short of memory. Close other programs and try again.</translation>
    </message>
    <message>
        <source>The backup %1 could not be written (%2). Check that the disk has room and try again.</source>
        <translation>The backup %1 could not be written (%2). Check that the disk has room and try again.</translation>
    </message>
</context>
<context>
    <name>Search</name>
    <message>
        <source>tidy the search index</source>
        <translation>tidy the search index</translation>
    </message>
    <message>
        <source>search the applications</source>
        <translation>search the applications</translation>
    </message>
</context>
<context>
    <name>SessionPolicy</name>
    <message>
        <source>%1 minutes is not a lock time: use 1 to %2 minutes, or 0 for a session that never locks by itself.</source>
        <translation>%1 minutes is not a lock time: use 1 to %2 minutes, or 0 for a session that never locks by itself.</translation>
    </message>
</context>
<context>
    <name>TlsIdentity</name>
    <message>
        <source>The %1 %2 cannot be read (%3); sipelanduk-pusat does not start without it. Check the path and that this user may read the file.</source>
        <translation>The %1 %2 cannot be read (%3); sipelanduk-pusat does not start without it. Check the path and that this user may read the file.</translation>
    </message>
    <message>
        <source>certificate file</source>
        <translation>certificate file</translation>
    </message>
    <message>
        <source>private key file</source>
        <translation>private key file</translation>
    </message>
    <message>
        <source>%1 holds no certificate in PEM form (-----BEGIN CERTIFICATE-----).</source>
        <translation>%1 holds no certificate in PEM form (-----BEGIN CERTIFICATE-----).</translation>
    </message>
    <message>
        <source>%1 holds no private key in PEM form without a passphrase. Give the server's unencrypted key (openssl pkey -in KEY -out PLAIN_KEY).</source>
        <translation>%1 holds no private key in PEM form without a passphrase. Give the server's unencrypted key (openssl pkey -in KEY -out PLAIN_KEY).</translation>
    </message>
    <message>
        <source>The private key %1 does not belong to the certificate %2; give the key the certificate was made for.</source>
        <translation>The private key %1 does not belong to the certificate %2; give the key the certificate was made for.</translation>
    </message>
</context>
<context>
    <name>WidgetsPrompter</name>
    <message>
        <source>Continue</source>
        <translation>Continue</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Sipelanduk Desktop, the counter program of the kantor camat.</source>
        <translation>Sipelanduk Desktop, the counter program of the kantor camat.</translation>
    </message>
    <message>
        <source>Data folder (default: the platform's)</source>
        <translation>Data folder (default: the platform's)</translation>
    </message>
</context>
<context>
    <name>sipelanduk-pusat</name>
    <message>
        <source>The central endpoint that Sipelanduk counter PCs sync with.</source>
        <translation>The central endpoint that Sipelanduk counter PCs sync with.</translation>
    </message>
    <message>
        <source>Serve on this address; port 0 picks a free port.</source>
        <translation>Serve on this address; port 0 picks a free port.</translation>
    </message>
    <message>
        <source>issue-code: the office, e.g. 19.04.01.</source>
        <translation>issue-code: the office, e.g. 19.04.01.</translation>
    </message>
    <message>
        <source>set-status: why, required to reject.</source>
        <translation>set-status: why, required to reject.</translation>
    </message>
    <message>
        <source>Print data as JSON.</source>
        <translation>Print data as JSON.</translation>
    </message>
    <message>
        <source>The command is not understood; see sipelanduk-pusat --help.</source>
        <translation>The command is not understood; see sipelanduk-pusat --help.</translation>
    </message>
    <message>
        <source>The central database: a SQLite file, or postgres://USER[:PASSWORD]@HOST:PORT/DBNAME (better without the password, which PGPASSWORD or ~/.pgpass can give).</source>
        <translation>The central database: a SQLite file, or postgres://USER[:PASSWORD]@HOST:PORT/DBNAME (better without the password, which PGPASSWORD or ~/.pgpass can give).</translation>
    </message>
    <message>
        <source>Name the central database with --db FILE or --db postgres://USER@HOST:PORT/DBNAME.</source>
        <translation>Name the central database with --db FILE or --db postgres://USER@HOST:PORT/DBNAME.</translation>
    </message>
    <message>
        <source>Serve HTTPS with this certificate (PEM; intermediate certificates after it).</source>
        <translation>Serve HTTPS with this certificate (PEM; intermediate certificates after it).</translation>
    </message>
    <message>
        <source>The private key of --tls-cert (PEM, without passphrase).</source>
        <translation>The private key of --tls-cert (PEM, without passphrase).</translation>
    </message>
    <message>
        <source>None to serve; issue-code; set-status REGISTRATION_NUMBER processing|completed|rejected; or publish codelists|catalogue|regions FILE.</source>
        <translation>None to serve; issue-code; set-status REGISTRATION_NUMBER processing|completed|rejected; or publish codelists|catalogue|regions FILE.</translation>
    </message>
</context>
<context>
    <name>sipelanduk::AddUserDialog</name>
    <message>
        <source>Add user</source>
        <translation>Add user</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Name:</translation>
    </message>
    <message>
        <source>Role:</source>
        <translation>Role:</translation>
    </message>
    <message>
        <source>Create account</source>
        <translation>Create account</translation>
    </message>
</context>
<context>
    <name>sipelanduk::ApplicationForm</name>
    <message>
        <source>New: %1</source>
        <translation>New: %1</translation>
    </message>
    <message>
        <source>%1 *</source>
        <translation>%1 *</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Save draft</source>
        <translation>Save draft</translation>
    </message>
    <message>
        <source>Stores what is filled in so far; nothing is checked or sent yet.</source>
        <translation>Stores what is filled in so far; nothing is checked or sent yet.</translation>
    </message>
    <message>
        <source>Submit for approval</source>
        <translation>Submit for approval</translation>
    </message>
    <message>
        <source>Draft saved at %1. It is kept on this PC until it is submitted.</source>
        <translation>Draft saved at %1. It is kept on this PC until it is submitted.</translation>
    </message>
    <message>
        <source>Check these points with the applicant. Submit the application with them?</source>
        <translation>Check these points with the applicant. Submit the application with them?</translation>
    </message>
    <message>
        <source>Confirm and submit</source>
        <translation>Confirm and submit</translation>
    </message>
    <message>
        <source>Registration number</source>
        <translation>Registration number</translation>
    </message>
    <message>
        <source>not saved yet</source>
        <translation>not saved yet</translation>
    </message>
    <message>
        <source>The number is given at the first save.</source>
        <translation>The number is given at the first save.</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Warnings confirmed at submission: %1</source>
        <translation>Warnings confirmed at submission: %1</translation>
    </message>
    <message>
        <source>%1. This application can no longer be changed here.</source>
        <translation>%1. This application can no longer be changed here.</translation>
    </message>
    <message>
        <source>Print receipt</source>
        <translation>Print receipt</translation>
    </message>
    <message>
        <source>The slip the applicant takes home, on paper or as a PDF file.</source>
        <translation>The slip the applicant takes home, on paper or as a PDF file.</translation>
    </message>
    <message>
        <source>Print the receipt, or save it as a PDF file?</source>
        <translation>Print the receipt, or save it as a PDF file?</translation>
    </message>
    <message>
        <source>Print...</source>
        <translation>Print...</translation>
    </message>
    <message>
        <source>Save as PDF (A4)</source>
        <translation>Save as PDF (A4)</translation>
    </message>
    <message>
        <source>Save as PDF (F4, 215 x 330 mm)</source>
        <translation>Save as PDF (F4, 215 x 330 mm)</translation>
    </message>
    <message>
        <source>Save receipt as PDF</source>
        <translation>Save receipt as PDF</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
    <message>
        <source>Reading the scan key from the system keychain...</source>
        <translation>Reading the scan key from the system keychain...</translation>
    </message>
    <message>
        <source>Attach scans</source>
        <translation>Attach scans</translation>
    </message>
    <message>
        <source>Scans (*.jpg *.jpeg *.png *.pdf);;All files (*)</source>
        <translation>Scans (*.jpg *.jpeg *.png *.pdf);;All files (*)</translation>
    </message>
    <message>
        <source>Remove scan</source>
        <translation>Remove scan</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>%1: the scan key is not loaded, so the scan cannot be shown.</source>
        <translation>%1: the scan key is not loaded, so the scan cannot be shown.</translation>
    </message>
</context>
<context>
    <name>sipelanduk::ApplicationTableModel</name>
    <message>
        <source>Registration number</source>
        <translation>Registration number</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>Service</translation>
    </message>
    <message>
        <source>Applicant</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>Last change</source>
        <translation>Last change</translation>
    </message>
    <message>
        <source>Captured by</source>
        <translation>Captured by</translation>
    </message>
    <message>
        <source>Submitted</source>
        <translation>Submitted</translation>
    </message>
    <message>
        <source>Confirmed warnings</source>
        <translation>Confirmed warnings</translation>
    </message>
</context>
<context>
    <name>sipelanduk::ApplicationsPage</name>
    <message>
        <source>New application:</source>
        <translation>New application:</translation>
    </message>
    <message>
        <source>All states</source>
        <translation>All states</translation>
    </message>
    <message>
        <source>Status:</source>
        <translation>Status:</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Open</translation>
    </message>
    <message numerus="yes">
        <source>%n application(s)</source>
        <translation>
            <numerusform>%n application</numerusform>
            <numerusform>%n applications</numerusform>
        </translation>
    </message>
    <message>
        <source>Record hand-over</source>
        <translation>Record hand-over</translation>
    </message>
    <message>
        <source>The resident collected the finished document.</source>
        <translation>The resident collected the finished document.</translation>
    </message>
    <message>
        <source>Application %1 was handed over.</source>
        <translation>Application %1 was handed over.</translation>
    </message>
    <message>
        <source>Find by NIK, KK number, registration number or name</source>
        <translation>Find by NIK, KK number, registration number or name</translation>
    </message>
</context>
<context>
    <name>sipelanduk::ApprovalPage</name>
    <message>
        <source>Open</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>Return with reason...</source>
        <translation>Return with reason...</translation>
    </message>
    <message>
        <source>Approve selected</source>
        <translation>Approve selected</translation>
    </message>
    <message>
        <source>Approve all</source>
        <translation>Approve all</translation>
    </message>
    <message>
        <source>No application is waiting for approval.</source>
        <translation>No application is waiting for approval.</translation>
    </message>
    <message numerus="yes">
        <source>%n application(s) waiting for approval.</source>
        <translation>
            <numerusform>%n application waiting for approval.</numerusform>
            <numerusform>%n applications waiting for approval.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n application(s) approved.</source>
        <translation>
            <numerusform>%n application approved.</numerusform>
            <numerusform>%n applications approved.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Approve all %n waiting application(s)? Approved applications are sealed and cannot be changed any more.</source>
        <translation>
            <numerusform>Approve all %n waiting application? Approved applications are sealed and cannot be changed any more.</numerusform>
            <numerusform>Approve all %n waiting applications? Approved applications are sealed and cannot be changed any more.</numerusform>
        </translation>
    </message>
    <message>
        <source>Return to the clerk</source>
        <translation>Return to the clerk</translation>
    </message>
    <message>
        <source>What must the clerk correct? The reason is shown to the clerk with the application.</source>
        <translation>What must the clerk correct? The reason is shown to the clerk with the application.</translation>
    </message>
    <message>
        <source>Application %1 returned to %2.</source>
        <translation>Application %1 returned to %2.</translation>
    </message>
    <message>
        <source>Approval</source>
        <translation>Approval</translation>
    </message>
</context>
<context>
    <name>sipelanduk::ChoiceEditor</name>
    <message>
        <source>(choose)</source>
        <translation>(choose)</translation>
    </message>
</context>
<context>
    <name>sipelanduk::DateEditor</name>
    <message>
        <source>Clear the date</source>
        <translation>Clear the date</translation>
    </message>
</context>
<context>
    <name>sipelanduk::EnrolDialog</name>
    <message>
        <source>Enrol this PC</source>
        <translation>Enrol this PC</translation>
    </message>
    <message>
        <source>Disdukcapil gives a one-time code for each PC. The code works once; the PC then keeps its own key in the system keychain.</source>
        <translation>Disdukcapil gives a one-time code for each PC. The code works once; the PC then keeps its own key in the system keychain.</translation>
    </message>
    <message>
        <source>Server address:</source>
        <translation>Server address:</translation>
    </message>
    <message>
        <source>One-time code:</source>
        <translation>One-time code:</translation>
    </message>
    <message>
        <source>Name of this PC:</source>
        <translation>Name of this PC:</translation>
    </message>
    <message>
        <source>Enrol</source>
        <translation>Enrol</translation>
    </message>
    <message>
        <source>Contacting the central server...</source>
        <translation>Contacting the central server...</translation>
    </message>
    <message>
        <source>Only when the regency gives one</source>
        <translation>Only when the regency gives one</translation>
    </message>
    <message>
        <source>Regency CA file:</source>
        <translation>Regency CA file:</translation>
    </message>
    <message>
        <source>Choose...</source>
        <translation>Choose...</translation>
    </message>
    <message>
        <source>Regency CA file</source>
        <translation>Regency CA file</translation>
    </message>
    <message>
        <source>Certificates (*.crt *.pem *.cer *.der);;All files (*)</source>
        <translation>Certificates (*.crt *.pem *.cer *.der);;All files (*)</translation>
    </message>
</context>
<context>
    <name>sipelanduk::FieldEditor</name>
    <message>
        <source>Male</source>
        <translation>Male</translation>
    </message>
    <message>
        <source>Female</source>
        <translation>Female</translation>
    </message>
</context>
<context>
    <name>sipelanduk::FindingsPanel</name>
    <message>
        <source>Checks</source>
        <translation>Checks</translation>
    </message>
    <message>
        <source>No problems found. The application can be submitted.</source>
        <translation>No problems found. The application can be submitted.</translation>
    </message>
    <message numerus="yes">
        <source>%n error(s) to correct</source>
        <translation>
            <numerusform>%n error to correct</numerusform>
            <numerusform>%n errors to correct</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n warning(s) to confirm at submission</source>
        <translation>
            <numerusform>%n warning to confirm at submission</numerusform>
            <numerusform>%n warnings to confirm at submission</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>sipelanduk::FirstRunDialog</name>
    <message>
        <source>Set up this PC</source>
        <translation>Set up this PC</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>This PC is not set up yet. Choose the kantor camat it serves and create the account of its IT operator, who then adds the accounts of the clerks and the supervisor.</source>
        <translation>This PC is not set up yet. Choose the kantor camat it serves and create the account of its IT operator, who then adds the accounts of the clerks and the supervisor.</translation>
    </message>
    <message>
        <source>Kecamatan:</source>
        <translation>Kecamatan:</translation>
    </message>
    <message>
        <source>IT operator's name:</source>
        <translation>IT operator's name:</translation>
    </message>
    <message>
        <source>Set up</source>
        <translation>Set up</translation>
    </message>
</context>
<context>
    <name>sipelanduk::IdentityNumberEditor</name>
    <message>
        <source>16 digits</source>
        <translation>16 digits</translation>
    </message>
    <message>
        <source>No NIK yet</source>
        <translation>No NIK yet</translation>
    </message>
    <message>
        <source>No number yet</source>
        <translation>No number yet</translation>
    </message>
</context>
<context>
    <name>sipelanduk::Launcher</name>
    <message>
        <source>Sipelanduk Desktop</source>
        <translation>Sipelanduk Desktop</translation>
    </message>
</context>
<context>
    <name>sipelanduk::LockDialog</name>
    <message>
        <source>Session locked</source>
        <translation>Session locked</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt;, %2, is signed in.</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;, %2, is signed in.</translation>
    </message>
    <message>
        <source>The session was locked because nobody used it for a while. What was on the screen is kept; type the password of %1 to go on.</source>
        <translation>The session was locked because nobody used it for a while. What was on the screen is kept; type the password of %1 to go on.</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>Password:</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>Unlock</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>Sign out</translation>
    </message>
</context>
<context>
    <name>sipelanduk::LoginDialog</name>
    <message>
        <source>Sign in: Kecamatan %1</source>
        <translation>Sign in: Kecamatan %1</translation>
    </message>
    <message>
        <source>&lt;b&gt;Sipelanduk Desktop&lt;/b&gt;&lt;br&gt;Kantor Camat %1 (%2)</source>
        <translation>&lt;b&gt;Sipelanduk Desktop&lt;/b&gt;&lt;br&gt;Kantor Camat %1 (%2)</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Name:</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>Password:</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>Sign in</translation>
    </message>
</context>
<context>
    <name>sipelanduk::MainWindow</name>
    <message>
        <source>My applications</source>
        <translation>My applications</translation>
    </message>
    <message>
        <source>Waiting for approval</source>
        <translation>Waiting for approval</translation>
    </message>
    <message>
        <source>All applications</source>
        <translation>All applications</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>Sync</translation>
    </message>
    <message>
        <source>Users</source>
        <translation>Users</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>Sign out</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Quit</translation>
    </message>
    <message>
        <source>&amp;Session</source>
        <translation>&amp;Session</translation>
    </message>
    <message>
        <source>Kantor Camat %1 (%2), station %3</source>
        <translation>Kantor Camat %1 (%2), station %3</translation>
    </message>
    <message>
        <source>Signed in: %1, %2</source>
        <translation>Signed in: %1, %2</translation>
    </message>
    <message>
        <source>Kecamatan %1: %2 (%3)</source>
        <translation>Kecamatan %1: %2 (%3)</translation>
    </message>
    <message>
        <source>Open application</source>
        <translation>Open application</translation>
    </message>
    <message>
        <source>This application is not on this PC any more, or its service is not in the catalogue. Refresh the list and try again.</source>
        <translation>This application is not on this PC any more, or its service is not in the catalogue. Refresh the list and try again.</translation>
    </message>
    <message>
        <source>Close form</source>
        <translation>Close form</translation>
    </message>
    <message>
        <source>The changes in %1 are not saved. Close the form and discard them?</source>
        <translation>The changes in %1 are not saved. Close the form and discard them?</translation>
    </message>
    <message>
        <source>Discard changes</source>
        <translation>Discard changes</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>Unsaved changes</translation>
    </message>
    <message>
        <source>These forms have changes that are not saved. Discard them?</source>
        <translation>These forms have changes that are not saved. Discard them?</translation>
    </message>
</context>
<context>
    <name>sipelanduk::MemberListEditor</name>
    <message>
        <source>Add member</source>
        <translation>Add member</translation>
    </message>
    <message>
        <source>Member %1</source>
        <translation>Member %1</translation>
    </message>
    <message>
        <source>%1 *</source>
        <translation>%1 *</translation>
    </message>
    <message>
        <source>Remove member %1</source>
        <translation>Remove member %1</translation>
    </message>
</context>
<context>
    <name>sipelanduk::OptionalDateEdit</name>
    <message>
        <source>not filled</source>
        <translation>not filled</translation>
    </message>
</context>
<context>
    <name>sipelanduk::PlaceEditor</name>
    <message>
        <source>Type the name of the kabupaten/kota, kecamatan or village</source>
        <translation>Type the name of the kabupaten/kota, kecamatan or village</translation>
    </message>
</context>
<context>
    <name>sipelanduk::QueueTableModel</name>
    <message>
        <source>Registration number</source>
        <translation>Registration number</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>Service</translation>
    </message>
    <message>
        <source>State</source>
        <translation>State</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>Last change</source>
        <translation>Last change</translation>
    </message>
</context>
<context>
    <name>sipelanduk::RegionChoiceModel</name>
    <message>
        <source>%1, Kec. %2 (%3)</source>
        <translation>%1, Kec. %2 (%3)</translation>
    </message>
    <message>
        <source>Kec. %1, %2 (%3)</source>
        <translation>Kec. %1, %2 (%3)</translation>
    </message>
</context>
<context>
    <name>sipelanduk::RequirementChecklist</name>
    <message>
        <source>Documents shown</source>
        <translation>Documents shown</translation>
    </message>
    <message>
        <source>One of these:</source>
        <translation>One of these:</translation>
    </message>
</context>
<context>
    <name>sipelanduk::RequirementRow</name>
    <message>
        <source>Attach...</source>
        <translation>Attach...</translation>
    </message>
    <message>
        <source>Remove scan</source>
        <translation>Remove scan</translation>
    </message>
    <message>
        <source>Attach scans of this document (JPEG, PNG or PDF). Files can also be dropped on this row.</source>
        <translation>Attach scans of this document (JPEG, PNG or PDF). Files can also be dropped on this row.</translation>
    </message>
</context>
<context>
    <name>sipelanduk::ResetPasswordDialog</name>
    <message>
        <source>Reset password</source>
        <translation>Reset password</translation>
    </message>
    <message>
        <source>A new password for %1. Tell it to them in person; a lock after wrong passwords ends with it.</source>
        <translation>A new password for %1. Tell it to them in person; a lock after wrong passwords ends with it.</translation>
    </message>
    <message>
        <source>Set password</source>
        <translation>Set password</translation>
    </message>
</context>
<context>
    <name>sipelanduk::SyncClient</name>
    <message>
        <source>This PC is not enrolled with the central server yet. The IT operator enrols it with the server address and a one-time code.</source>
        <translation>This PC is not enrolled with the central server yet. The IT operator enrols it with the server address and a one-time code.</translation>
    </message>
    <message>
        <source>The PC's access key is missing from the keychain; enrol the PC again.</source>
        <translation>The PC's access key is missing from the keychain; enrol the PC again.</translation>
    </message>
    <message numerus="yes">
        <source>Sending %n application(s)...</source>
        <translation>
            <numerusform>Sending %n application...</numerusform>
            <numerusform>Sending %n applications...</numerusform>
        </translation>
    </message>
    <message>
        <source>Fetching status from the central server...</source>
        <translation>Fetching status from the central server...</translation>
    </message>
    <message>
        <source>The central server at %1 could not be reached (%2). The work stays queued; sync again when the connection is back.</source>
        <translation>The central server at %1 could not be reached (%2). The work stays queued; sync again when the connection is back.</translation>
    </message>
    <message>
        <source>no content type</source>
        <translation>no content type</translation>
    </message>
    <message>
        <source>The central server refused: %1</source>
        <translation>The central server refused: %1</translation>
    </message>
    <message>
        <source>The central server answered HTTP %1.</source>
        <translation>The central server answered HTTP %1.</translation>
    </message>
    <message>
        <source>%1 is not a server address. Write it as https://host, or http://127.0.0.1:port for a server on this PC.</source>
        <translation>%1 is not a server address. Write it as https://host, or http://127.0.0.1:port for a server on this PC.</translation>
    </message>
    <message>
        <source>%1 uses plain http, which would send residents' data unencrypted. Use the https address of the central server.</source>
        <translation>%1 uses plain http, which would send residents' data unencrypted. Use the https address of the central server.</translation>
    </message>
    <message>
        <source>The scan %1 could not be sent to the central server: %2 Its application stays queued; the next sync tries again.</source>
        <translation>The scan %1 could not be sent to the central server: %2 Its application stays queued; the next sync tries again.</translation>
    </message>
    <message>
        <source>The central server is busy and asks to be contacted again after %1. Nothing is lost: the work stays queued and goes with the next sync after that time.</source>
        <translation>The central server is busy and asks to be contacted again after %1. Nothing is lost: the work stays queued and goes with the next sync after that time.</translation>
    </message>
    <message numerus="yes">
        <source>no connection within %n second(s)</source>
        <translation>
            <numerusform>no connection within %n second</numerusform>
            <numerusform>no connection within %n seconds</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>nothing received for %n second(s)</source>
        <translation>
            <numerusform>nothing received for %n second</numerusform>
            <numerusform>nothing received for %n seconds</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>No connection to the central server at %1 could be made within %n second(s). The work stays queued; sync again when the network is back.</source>
        <translation>
            <numerusform>No connection to the central server at %1 could be made within %n second. The work stays queued; sync again when the network is back.</numerusform>
            <numerusform>No connection to the central server at %1 could be made within %n seconds. The work stays queued; sync again when the network is back.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The connection to the central server at %1 stalled: nothing arrived for %n second(s). The work stays queued; sync again when the network is better.</source>
        <translation>
            <numerusform>The connection to the central server at %1 stalled: nothing arrived for %n second. The work stays queued; sync again when the network is better.</numerusform>
            <numerusform>The connection to the central server at %1 stalled: nothing arrived for %n seconds. The work stays queued; sync again when the network is better.</numerusform>
        </translation>
    </message>
    <message>
        <source>The central server at %1, or a gateway in front of it, is overloaded or unavailable (HTTP %2). The work stays queued; sync again later.</source>
        <translation>The central server at %1, or a gateway in front of it, is overloaded or unavailable (HTTP %2). The work stays queued; sync again later.</translation>
    </message>
    <message>
        <source>The CA file %1 cannot be read (%2). Give the path of the certificate file the regency handed out.</source>
        <translation>The CA file %1 cannot be read (%2). Give the path of the certificate file the regency handed out.</translation>
    </message>
    <message>
        <source>%1 holds no certificate (PEM or DER). Ask the regency for the CA certificate of its server, usually a .crt or .pem file.</source>
        <translation>%1 holds no certificate (PEM or DER). Ask the regency for the CA certificate of its server, usually a .crt or .pem file.</translation>
    </message>
    <message>
        <source>The server reports holding %1 bytes of a scan of %2 bytes.</source>
        <translation>The server reports holding %1 bytes of a scan of %2 bytes.</translation>
    </message>
    <message>
        <source>Sending the scan %1 (%2 of %3 KB)...</source>
        <translation>Sending the scan %1 (%2 of %3 KB)...</translation>
    </message>
    <message>
        <source>The server acknowledged another scan or part than the one sent.</source>
        <translation>The server acknowledged another scan or part than the one sent.</translation>
    </message>
    <message>
        <source>The central server at %1 showed a certificate this PC does not trust (%2), so nothing was sent. If the regency signs its server's certificate itself, the IT operator gives this PC its CA file (sipelanduk-ctl set-ca-file FILE, or when enrolling); otherwise check that the server address is right.</source>
        <translation>The central server at %1 showed a certificate this PC does not trust (%2), so nothing was sent. If the regency signs its server's certificate itself, the IT operator gives this PC its CA file (sipelanduk-ctl set-ca-file FILE, or when enrolling); otherwise check that the server address is right.</translation>
    </message>
    <message>
        <source>Asking the central server for %1...</source>
        <translation>Asking the central server for %1...</translation>
    </message>
    <message>
        <source>The server answered with other master data than asked for.</source>
        <translation>The server answered with other master data than asked for.</translation>
    </message>
    <message>
        <source>Could not fetch %1 from the central server: %2 The lists in use stay; the next sync asks again.</source>
        <translation>Could not fetch %1 from the central server: %2 The lists in use stay; the next sync asks again.</translation>
    </message>
    <message numerus="yes">
        <source>The central server already holds the batch %1 (%n application(s)) with other content and did not take it again: an application in it was changed on this PC after the batch was first sent. The batch stays queued; the IT operator settles it with the central office.</source>
        <translation>
            <numerusform>The central server already holds the batch %1 (%n application) with other content and did not take it again: an application in it was changed on this PC after the batch was first sent. The batch stays queued; the IT operator settles it with the central office.</numerusform>
            <numerusform>The central server already holds the batch %1 (%n applications) with other content and did not take it again: an application in it was changed on this PC after the batch was first sent. The batch stays queued; the IT operator settles it with the central office.</numerusform>
        </translation>
    </message>
    <message>
        <source>A sync timeout must be between %1 and %2 seconds.</source>
        <translation>A sync timeout must be between %1 and %2 seconds.</translation>
    </message>
    <message>
        <source>The first wait before a retry must be between %1 and %2 seconds.</source>
        <translation>The first wait before a retry must be between %1 and %2 seconds.</translation>
    </message>
    <message>
        <source>The attempts per request must be between 1 and %1.</source>
        <translation>The attempts per request must be between 1 and %1.</translation>
    </message>
    <message>
        <source>No usable answer from the central server (%1); trying again in %2 seconds (attempt %3 of %4)...</source>
        <translation>No usable answer from the central server (%1); trying again in %2 seconds (attempt %3 of %4)...</translation>
    </message>
    <message>
        <source>The central server asked not to be contacted before %1. Nothing is lost: the work stays queued and goes with the first sync after that time.</source>
        <translation>The central server asked not to be contacted before %1. Nothing is lost: the work stays queued and goes with the first sync after that time.</translation>
    </message>
    <message>
        <source>the answer was too slow to end</source>
        <translation>the answer was too slow to end</translation>
    </message>
    <message>
        <source>the answer was too large</source>
        <translation>the answer was too large</translation>
    </message>
    <message numerus="yes">
        <source>The answer from %1 kept coming too slowly to end within %n second(s); a broken gateway or a very poor connection may be in the way. The work stays queued; sync again when the network is better.</source>
        <translation>
            <numerusform>The answer from %1 kept coming too slowly to end within %n second; a broken gateway or a very poor connection may be in the way. The work stays queued; sync again when the network is better.</numerusform>
            <numerusform>The answer from %1 kept coming too slowly to end within %n seconds; a broken gateway or a very poor connection may be in the way. The work stays queued; sync again when the network is better.</numerusform>
        </translation>
    </message>
    <message>
        <source>The answer from %1 grew past %2 MB, more than the Sipelanduk server ever sends, and was cut off; a proxy may be in the way. The work stays queued; check the server address with the regency's IT staff.</source>
        <translation>The answer from %1 grew past %2 MB, more than the Sipelanduk server ever sends, and was cut off; a proxy may be in the way. The work stays queued; check the server address with the regency's IT staff.</translation>
    </message>
    <message>
        <source>The central server's address %1 answered with a redirect (HTTP %2) to %3, which is not followed: a Wi-Fi login page or a proxy may be in the way, or the server has moved. Nothing was sent elsewhere and the work stays queued; log in to the Wi-Fi or check the address with the regency's IT staff.</source>
        <translation>The central server's address %1 answered with a redirect (HTTP %2) to %3, which is not followed: a Wi-Fi login page or a proxy may be in the way, or the server has moved. Nothing was sent elsewhere and the work stays queued; log in to the Wi-Fi or check the address with the regency's IT staff.</translation>
    </message>
    <message>
        <source>an address it did not give</source>
        <translation>an address it did not give</translation>
    </message>
    <message numerus="yes">
        <source>%n minute(s)</source>
        <translation>
            <numerusform>%n minute</numerusform>
            <numerusform>%n minutes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n hour(s)</source>
        <translation>
            <numerusform>%n hour</numerusform>
            <numerusform>%n hours</numerusform>
        </translation>
    </message>
    <message>
        <source>This PC's clock is %1 ahead of the central server's.</source>
        <translation>This PC's clock is %1 ahead of the central server's.</translation>
    </message>
    <message>
        <source>This PC's clock is %1 behind the central server's.</source>
        <translation>This PC's clock is %1 behind the central server's.</translation>
    </message>
    <message>
        <source>Sync goes on, but set the PC's date and time right: receipts and registration numbers carry them.</source>
        <translation>Sync goes on, but set the PC's date and time right: receipts and registration numbers carry them.</translation>
    </message>
    <message>
        <source>The answer from %1 is not one the Sipelanduk server sends (%2). Check the server address with the regency's IT staff; the work stays queued.</source>
        <translation>The answer from %1 is not one the Sipelanduk server sends (%2). Check the server address with the regency's IT staff; the work stays queued.</translation>
    </message>
    <message>
        <source>The central server at %1 could not be reached: nothing answers on that address and port (%2). The work stays queued; if other sites open, ask the regency's IT staff whether the server runs and the address is right.</source>
        <translation>The central server at %1 could not be reached: nothing answers on that address and port (%2). The work stays queued; if other sites open, ask the regency's IT staff whether the server runs and the address is right.</translation>
    </message>
    <message>
        <source>The answer from %1 did not come from the Sipelanduk server (HTTP %2, %3). A Wi-Fi login page or a proxy may be in the way: log in to the Wi-Fi, or ask the regency's IT staff. The answer was not used and the work stays queued.</source>
        <translation>The answer from %1 did not come from the Sipelanduk server (HTTP %2, %3). A Wi-Fi login page or a proxy may be in the way: log in to the Wi-Fi, or ask the regency's IT staff. The answer was not used and the work stays queued.</translation>
    </message>
    <message>
        <source>The answer from %1 was cut off or damaged and was not used; the work stays queued. Sync again when the connection is steadier.</source>
        <translation>The answer from %1 was cut off or damaged and was not used; the work stays queued. Sync again when the connection is steadier.</translation>
    </message>
</context>
<context>
    <name>sipelanduk::SyncPage</name>
    <message>
        <source>Central server</source>
        <translation>Central server</translation>
    </message>
    <message>
        <source>Enrol this PC...</source>
        <translation>Enrol this PC...</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>Sync</translation>
    </message>
    <message>
        <source>Sync now</source>
        <translation>Sync now</translation>
    </message>
    <message>
        <source>Last sync in this session</source>
        <translation>Last sync in this session</translation>
    </message>
    <message>
        <source>No sync has run since the program started.</source>
        <translation>No sync has run since the program started.</translation>
    </message>
    <message>
        <source>Applications on this PC</source>
        <translation>Applications on this PC</translation>
    </message>
    <message>
        <source>This PC is enrolled with %1.</source>
        <translation>This PC is enrolled with %1.</translation>
    </message>
    <message>
        <source>This PC is not enrolled yet: nothing can be sent until it is.</source>
        <translation>This PC is not enrolled yet: nothing can be sent until it is.</translation>
    </message>
    <message>
        <source>Last successful sync: %1</source>
        <translation>Last successful sync: %1</translation>
    </message>
    <message>
        <source>No successful sync yet.</source>
        <translation>No successful sync yet.</translation>
    </message>
    <message>
        <source>No applications yet.</source>
        <translation>No applications yet.</translation>
    </message>
    <message>
        <source>This PC is now enrolled.</source>
        <translation>This PC is now enrolled.</translation>
    </message>
    <message>
        <source>Sync started.</source>
        <translation>Sync started.</translation>
    </message>
    <message>
        <source>Sync finished.</source>
        <translation>Sync finished.</translation>
    </message>
    <message>
        <source>Sync stopped: %1</source>
        <translation>Sync stopped: %1</translation>
    </message>
    <message>
        <source>Batches sent: %1. Accepted: %2. Rejected: %3. Status changes received: %4.</source>
        <translation>Batches sent: %1. Accepted: %2. Rejected: %3. Status changes received: %4.</translation>
    </message>
    <message>
        <source>Rejected: %1</source>
        <translation>Rejected: %1</translation>
    </message>
    <message>
        <source>Not sent: %1</source>
        <translation>Not sent: %1</translation>
    </message>
    <message>
        <source>off</source>
        <translation>off</translation>
    </message>
    <message>
        <source> min</source>
        <translation> min</translation>
    </message>
    <message>
        <source>How often this PC syncs by itself; 0 turns automatic sync off.</source>
        <translation>How often this PC syncs by itself; 0 turns automatic sync off.</translation>
    </message>
    <message>
        <source>%v of %m applications</source>
        <translation>%v of %m applications</translation>
    </message>
    <message>
        <source>Sync by itself every</source>
        <translation>Sync by itself every</translation>
    </message>
    <message>
        <source>Queue: waiting and recently sent</source>
        <translation>Queue: waiting and recently sent</translation>
    </message>
    <message>
        <source>Recent sync runs</source>
        <translation>Recent sync runs</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Started</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Result</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>Sent</translation>
    </message>
    <message>
        <source>Status changes</source>
        <translation>Status changes</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Message</translation>
    </message>
    <message>
        <source>A sync is running.</source>
        <translation>A sync is running.</translation>
    </message>
    <message>
        <source>Automatic sync starts once this PC is enrolled.</source>
        <translation>Automatic sync starts once this PC is enrolled.</translation>
    </message>
    <message>
        <source>Automatic sync is off; use "Sync now".</source>
        <translation>Automatic sync is off; use "Sync now".</translation>
    </message>
    <message>
        <source>Next automatic sync: %1 (%2).</source>
        <translation>Next automatic sync: %1 (%2).</translation>
    </message>
    <message numerus="yes">
        <source>The last attempt did not reach the central server; %n attempt(s) failed in a row.</source>
        <translation>
            <numerusform>The last attempt did not reach the central server; %n attempt failed in a row.</numerusform>
            <numerusform>The last attempt did not reach the central server; %n attempts failed in a row.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Nothing is waiting, and nothing was sent in the last %n day(s).</source>
        <translation>
            <numerusform>Nothing is waiting, and nothing was sent in the last %n day.</numerusform>
            <numerusform>Nothing is waiting, and nothing was sent in the last %n days.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n application(s): </source>
        <translation>
            <numerusform>%n application: </numerusform>
            <numerusform>%n applications: </numerusform>
        </translation>
    </message>
    <message>
        <source>running</source>
        <translation>running</translation>
    </message>
    <message>
        <source>successful</source>
        <translation>successful</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>failed</translation>
    </message>
    <message>
        <source>The central server asked to wait until %1.</source>
        <translation>The central server asked to wait until %1.</translation>
    </message>
    <message>
        <source>No sync running</source>
        <translation>No sync running</translation>
    </message>
    <message numerus="yes">
        <source>%1 accepted, %2 rejected in %n batch(es)</source>
        <translation>
            <numerusform>%1 accepted, %2 rejected in %n batch</numerusform>
            <numerusform>%1 accepted, %2 rejected in %n batches</numerusform>
        </translation>
    </message>
    <message>
        <source>Starting...</source>
        <translation>Starting...</translation>
    </message>
    <message>
        <source>Nothing to send</source>
        <translation>Nothing to send</translation>
    </message>
    <message>
        <source>Master data: %1</source>
        <translation>Master data: %1</translation>
    </message>
</context>
<context>
    <name>sipelanduk::SyncScheduler</name>
    <message>
        <source>The sync interval must be between 0 (off) and %1 minutes; %2 is not.</source>
        <translation>The sync interval must be between 0 (off) and %1 minutes; %2 is not.</translation>
    </message>
    <message>
        <source>A sync is already running; its progress is shown here.</source>
        <translation>A sync is already running; its progress is shown here.</translation>
    </message>
    <message>
        <source>The central server asked not to be called before %1. Sync starts by itself then.</source>
        <translation>The central server asked not to be called before %1. Sync starts by itself then.</translation>
    </message>
    <message>
        <source>regular schedule</source>
        <translation>regular schedule</translation>
    </message>
    <message>
        <source>the last attempts failed, so the wait grows after each one</source>
        <translation>the last attempts failed, so the wait grows after each one</translation>
    </message>
    <message>
        <source>the central server asked to wait</source>
        <translation>the central server asked to wait</translation>
    </message>
    <message>
        <source>the network came back</source>
        <translation>the network came back</translation>
    </message>
</context>
<context>
    <name>sipelanduk::UsersPage</name>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Role</translation>
    </message>
    <message>
        <source>Add user...</source>
        <translation>Add user...</translation>
    </message>
    <message>
        <source>Account %1 created (%2).</source>
        <translation>Account %1 created (%2).</translation>
    </message>
    <message>
        <source>State</source>
        <translation>State</translation>
    </message>
    <message>
        <source>Locked until</source>
        <translation>Locked until</translation>
    </message>
    <message>
        <source>Wrong passwords</source>
        <translation>Wrong passwords</translation>
    </message>
    <message>
        <source>Password reset</source>
        <translation>Password reset</translation>
    </message>
    <message>
        <source>Reset password...</source>
        <translation>Reset password...</translation>
    </message>
    <message>
        <source>Disable</source>
        <translation>Disable</translation>
    </message>
    <message>
        <source>Enable</source>
        <translation>Enable</translation>
    </message>
    <message>
        <source>Session lock</source>
        <translation>Session lock</translation>
    </message>
    <message>
        <source> min</source>
        <translation> min</translation>
    </message>
    <message>
        <source>never</source>
        <translation>never</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>Apply</translation>
    </message>
    <message>
        <source>Lock a session nobody has used for:</source>
        <translation>Lock a session nobody has used for:</translation>
    </message>
    <message>
        <source>One account per person: an account is never shared. An account that is no longer needed is disabled, so that what its owner did stays on record.</source>
        <translation>One account per person: an account is never shared. An account that is no longer needed is disabled, so that what its owner did stays on record.</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Active</translation>
    </message>
    <message>
        <source>Disabled</source>
        <translation>Disabled</translation>
    </message>
    <message>
        <source>%1 has a new password and may sign in with it now.</source>
        <translation>%1 has a new password and may sign in with it now.</translation>
    </message>
    <message>
        <source>%1 may sign in again.</source>
        <translation>%1 may sign in again.</translation>
    </message>
    <message>
        <source>%1 can no longer sign in; their work stays on record.</source>
        <translation>%1 can no longer sign in; their work stays on record.</translation>
    </message>
    <message>
        <source>Sessions no longer lock by themselves.</source>
        <translation>Sessions no longer lock by themselves.</translation>
    </message>
    <message numerus="yes">
        <source>A session nobody uses for %n minute(s) locks.</source>
        <translation>
            <numerusform>A session nobody uses for %n minute locks.</numerusform>
            <numerusform>A session nobody uses for %n minutes locks.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>sipelanduk::VillageEditor</name>
    <message>
        <source>Type the name or the code of the village</source>
        <translation>Type the name or the code of the village</translation>
    </message>
</context>
<context>
    <name>sipelanduk::server::CentralServer</name>
    <message>
        <source>The query parameter "%1" must be a whole number of at least %2.</source>
        <translation>The query parameter "%1" must be a whole number of at least %2.</translation>
    </message>
    <message>
        <source>Cannot listen on %1 port %2; another program may be using it.</source>
        <translation>Cannot listen on %1 port %2; another program may be using it.</translation>
    </message>
    <message>
        <source>There is no such resource in this API.</source>
        <translation>There is no such resource in this API.</translation>
    </message>
    <message>
        <source>The batch UUID in the path, %1, is not the "batch" of the body.</source>
        <translation>The batch UUID in the path, %1, is not the "batch" of the body.</translation>
    </message>
    <message>
        <source>The request carries no device token; enrol this PC first.</source>
        <translation>The request carries no device token; enrol this PC first.</translation>
    </message>
    <message>
        <source>The request is larger than %1 MB; send fewer applications per batch.</source>
        <translation>The request is larger than %1 MB; send fewer applications per batch.</translation>
    </message>
    <message>
        <source>The request must be sent as application/json.</source>
        <translation>The request must be sent as application/json.</translation>
    </message>
    <message>
        <source>A scan is named by the 64 lowercase hexadecimal characters of its SHA-256, not "%1".</source>
        <translation>A scan is named by the 64 lowercase hexadecimal characters of its SHA-256, not "%1".</translation>
    </message>
    <message>
        <source>A scan may be at most %1 MB.</source>
        <translation>A scan may be at most %1 MB.</translation>
    </message>
    <message>
        <source>A scan must be sent as application/octet-stream.</source>
        <translation>A scan must be sent as application/octet-stream.</translation>
    </message>
    <message>
        <source>The scan is empty.</source>
        <translation>The scan is empty.</translation>
    </message>
    <message>
        <source>The content received is not the scan %1: its SHA-256 differs, so it was changed or cut off on the way; send it again.</source>
        <translation>The content received is not the scan %1: its SHA-256 differs, so it was changed or cut off on the way; send it again.</translation>
    </message>
    <message>
        <source>The Content-Range "%1" is not "bytes FIRST-LAST/TOTAL" of a scan of at most %2 MB.</source>
        <translation>The Content-Range "%1" is not "bytes FIRST-LAST/TOTAL" of a scan of at most %2 MB.</translation>
    </message>
    <message>
        <source>The piece holds %1 bytes, but its Content-Range names %2.</source>
        <translation>The piece holds %1 bytes, but its Content-Range names %2.</translation>
    </message>
    <message>
        <source>There is no master data called "%1"; the kinds are codelists, catalogue and regions.</source>
        <translation>There is no master data called "%1"; the kinds are codelists, catalogue and regions.</translation>
    </message>
    <message>
        <source>The request body is encoded as %1; send it as it is or with gzip.</source>
        <translation>The request body is encoded as %1; send it as it is or with gzip.</translation>
    </message>
</context>
</TS>
