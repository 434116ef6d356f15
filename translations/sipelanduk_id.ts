<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="id" sourcelanguage="en">
<context>
    <name>Accounts</name>
    <message>
        <source>The user name &quot;%1&quot; is not allowed: use 2 to 32 small letters, digits, dots, dashes or underscores, starting with a letter.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The password is too short: use at least %1 characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only an IT operator can create accounts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is already an account named %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The password library could not start.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The password could not be hashed: the PC is short of memory.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>create the account %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The user name or password is wrong. Check Caps Lock and try again.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ApplicationImport</name>
    <message>
        <source>The import file is not valid JSON: %1 at character %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The import file must start with &quot;format&quot;: &quot;%1&quot; and &quot;version&quot;: %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Application %1 in the import file needs a &quot;service&quot; text and a &quot;fields&quot; object.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The import file holds no applications.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Application %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing was imported. Correct these and import the file again:
%1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ApplicationRules</name>
    <message>
        <source>The field %1 does not belong to the service %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is required.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 must be written as text.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 must contain letters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 must be 1 (male) or 2 (female).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2 is not a desa/kelurahan in the region table. Pick one from the list.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2 is not one of the choices.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is required; &quot;no NIK yet&quot; is not allowed here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 must be text of 16 digits, not a number: a number can lose its last digits on the way from a spreadsheet. Write it as text.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2 is not a date. Write it as year-month-day, for example 2022-02-01.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2) is after today. Check the year.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2) is before %3, which cannot be right for a living person. Check the year.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The requirement %1 does not belong to the service %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A required document is missing: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> or </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The birth is reported %1 days after it happened; births are to be reported within %2 days. Confirm to record it as a late report.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A KTP-el is recorded from the 17th birthday, or earlier for a person who is or was married. This applicant turns 17 on %1.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ApplicationState</name>
    <message>
        <source>Draft</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting for approval</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Returned for correction</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Approved, waiting to be sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Received by Disdukcapil</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Being processed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Completed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ApplicationStore</name>
    <message>
        <source>The service %1 is not in the catalogue.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>save the draft</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Application %1 was captured by %2; only they can change it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Application %1 is %2 and can no longer be changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An application cannot change its service; start a new one instead.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Application %1 cannot be submitted by %2 in its present state (%3).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Application %1 cannot be submitted yet: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Application %1 has warnings the clerk must confirm: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>submit the application</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Application %1 is not waiting for approval (it is %2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Application %1 was captured by %2; another supervisor must approve it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>approve application %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>find the open batch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>seal the full batch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>start a new batch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Say why the application goes back, so the clerk knows what to correct.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>return the application</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>count today&apos;s applications</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>record the change of state</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no application with number %1 on this PC.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Catalogue</name>
    <message>
        <source>The service catalogue is not valid JSON (%1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The service catalogue has a service or field it cannot read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The service catalogue has no version or no services.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CentralStore</name>
    <message>
        <source>The random number source could not be started.</source>
        <translation>Sumber bilangan acak tidak dapat dijalankan.</translation>
    </message>
    <message>
        <source>The central database %1 could not be opened: %2.</source>
        <translation>Basis data pusat %1 tidak dapat dibuka: %2.</translation>
    </message>
    <message>
        <source>The central database was written by a newer sipelanduk-pusat (schema %1); run that version instead.</source>
        <translation>Basis data pusat ditulis oleh sipelanduk-pusat yang lebih baru (skema %1); jalankan versi itu.</translation>
    </message>
    <message>
        <source>The central database is not available right now; try again in a moment.</source>
        <translation>Basis data pusat sedang tidak tersedia; coba lagi sebentar lagi.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a kecamatan code such as 19.04.01.</source>
        <translation>&quot;%1&quot; bukan kode kecamatan seperti 19.04.01.</translation>
    </message>
    <message>
        <source>The enrolment code is not of the form XXXX-XXXX-XX; check what was typed.</source>
        <translation>Kode pendaftaran tidak berbentuk XXXX-XXXX-XX; periksa yang diketik.</translation>
    </message>
    <message>
        <source>The enrolment code is not known; check what was typed or ask for a new code.</source>
        <translation>Kode pendaftaran tidak dikenal; periksa yang diketik atau minta kode baru.</translation>
    </message>
    <message>
        <source>The enrolment code has been used already; ask for a new code.</source>
        <translation>Kode pendaftaran sudah pernah dipakai; minta kode baru.</translation>
    </message>
    <message>
        <source>The enrolment code has expired; ask for a new code.</source>
        <translation>Kode pendaftaran sudah kedaluwarsa; minta kode baru.</translation>
    </message>
    <message>
        <source>The enrolment code was issued for office %1, not %2; check the office or ask for a new code.</source>
        <translation>Kode pendaftaran diterbitkan untuk kantor %1, bukan %2; periksa kantornya atau minta kode baru.</translation>
    </message>
    <message>
        <source>The device token is not known; enrol this PC again.</source>
        <translation>Token perangkat tidak dikenal; daftarkan ulang PC ini.</translation>
    </message>
    <message>
        <source>The batch %1 was sent before with other content; send changed applications in a new batch.</source>
        <translation>Batch %1 sudah pernah dikirim dengan isi lain; kirim permohonan yang berubah dalam batch baru.</translation>
    </message>
    <message>
        <source>The batch names office %1, but this PC is enrolled for office %2.</source>
        <translation>Batch menyebut kantor %1, tetapi PC ini terdaftar untuk kantor %2.</translation>
    </message>
    <message>
        <source>The registration number %1 does not belong to office %2.</source>
        <translation>Nomor registrasi %1 bukan milik kantor %2.</translation>
    </message>
    <message>
        <source>The content of the application does not match its seal, so it was changed after approval; have it approved again.</source>
        <translation>Isi permohonan tidak cocok dengan segelnya, jadi telah diubah setelah disetujui; mintakan persetujuan ulang.</translation>
    </message>
    <message>
        <source>An application with this UUID was received before with other content.</source>
        <translation>Permohonan dengan UUID ini sudah pernah diterima dengan isi lain.</translation>
    </message>
    <message>
        <source>The registration number %1 is already used by another application.</source>
        <translation>Nomor registrasi %1 sudah dipakai permohonan lain.</translation>
    </message>
    <message>
        <source>A rejection needs a reason that the counter can pass on to the applicant.</source>
        <translation>Penolakan memerlukan alasan yang dapat disampaikan loket kepada pemohon.</translation>
    </message>
    <message>
        <source>No application with registration number %1 has been received.</source>
        <translation>Belum ada permohonan dengan nomor registrasi %1 yang diterima.</translation>
    </message>
    <message>
        <source>Application %1 is %2 and cannot become %3.</source>
        <translation>Permohonan %1 berstatus %2 dan tidak dapat menjadi %3.</translation>
    </message>
</context>
<context>
    <name>Commands</name>
    <message>
        <source>Command line of Sipelanduk Desktop, for IT staff.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What to do; see the list above.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown command &quot;%1&quot;. Run sipelanduk-ctl --help for the list.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Say who acts, with --as NAME.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password for %1:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>init needs --office CODE and --admin NAME.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set up for kecamatan %1 %2 (station %3); IT operator: %4.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>add-user needs a NAME and --role clerk, supervisor or admin.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is more than one IT operator; say which one acts, with --as.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password for the new account %1:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Account %1 created (%2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>import-regions needs the path of a kode,nama CSV file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 region codes imported.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>enrol needs --server URL and --code CODE.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This PC is enrolled with %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>import-applications needs the path of a JSON file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 could not be read (%2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n application(s) imported:</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>approve needs --all; single applications are approved in the desktop program.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n application(s) approved.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>This PC&apos;s clock differs from the server&apos;s by %1 minutes; set the clock right.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Batches sent: %1; accepted: %2; rejected: %3; status changes: %4.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rejected: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n application(s).</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>nik needs one or more numbers.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Database</name>
    <message>
        <source>The local database could not %1 (%2). Nothing was changed; try again, and call the IT operator if it keeps happening.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The data folder %1 could not be created. Check that the disk is not full and that this user may write there.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Another Sipelanduk program is already using the data folder %1. Close it first, or choose another folder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The database in %1 could not be opened (%2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>prepare the database</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The database in %1 was written by a newer version of Sipelanduk (schema %2; this program knows up to %3). Install the newer version; the data was not touched.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Migration %1 is missing from this program.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>upgrade its schema to version %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>record schema version %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>start a transaction</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>save the change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>save the setting %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Keychain</name>
    <message>
        <source>No secret is stored for this PC yet. The IT operator must enrol it with the central server first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The system keychain could not be used (%1). Make sure the desktop session&apos;s keyring is running and unlocked, then try again.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Nik</name>
    <message>
        <source>The number is empty; a NIK has 16 digits.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The number may only hold the digits 0 to 9; check for a letter such as I or O typed in place of 1 or 0.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The number has %1 digits; a NIK has exactly 16. Check for a missing or extra digit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Digits 7 and 8 (%1) are not a day of birth: men have 01 to 31, women 41 to 71.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Digits 9 and 10 (%1) are not a month; a month is 01 to 12.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The birth date in the number, %1-%2-%3, does not exist in the calendar.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The serial (the last four digits) is 0000; serials start at 0001.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The first two digits (%1) are not an Indonesian province.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kabupaten/kota %1 is not in the region table. Check the number against the card; if it is right, confirm it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kecamatan %1 is not in the region table. Check the number against the card; if it is right, confirm it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The NIK holds the birth date %1-%2-%3, the documents say %4. A NIK never changes; confirm that the documents are right.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The NIK is that of a %1, the documents say %2. Confirm that the documents are right.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>woman</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>man</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Office</name>
    <message>
        <source>This PC has not been set up yet. The IT operator sets the office first (sipelanduk-ctl init).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This PC is already set up for kecamatan %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not a kecamatan in the region table. Give the kecamatan code with dots, for example 19.04.01 for Koba.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The security library could not start.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Outbox</name>
    <message>
        <source>read an application</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>update an application</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>close the batch for sending</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>read the batch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server answered for another batch than the one sent. Nothing was marked as sent; the batch will be sent again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>mark the batch as sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>record the failed attempt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>status from the central server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>record the sync run</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PasswordPair</name>
    <message>
        <source>Password:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password again:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The two passwords differ. Type the same password twice.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Permissions</name>
    <message>
        <source>%1 is signed in as %2, who may not do this. Sign in with an account that has the right role.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Protocol</name>
    <message>
        <source>a text</source>
        <translation>teks</translation>
    </message>
    <message>
        <source>a text that is not empty</source>
        <translation>teks yang tidak kosong</translation>
    </message>
    <message>
        <source>a text or null</source>
        <translation>teks atau null</translation>
    </message>
    <message>
        <source>a whole number</source>
        <translation>bilangan bulat</translation>
    </message>
    <message>
        <source>a whole number from %1 to %2</source>
        <translation>bilangan bulat dari %1 sampai %2</translation>
    </message>
    <message>
        <source>true or false</source>
        <translation>true atau false</translation>
    </message>
    <message>
        <source>a UUID</source>
        <translation>UUID</translation>
    </message>
    <message>
        <source>a UUID such as 0b7c6e52-3f0e-4d2a-9a51-6f1d2c3b4a59</source>
        <translation>UUID seperti 0b7c6e52-3f0e-4d2a-9a51-6f1d2c3b4a59</translation>
    </message>
    <message>
        <source>a UTC time such as 2026-12-03T08:00:00.000Z</source>
        <translation>waktu UTC seperti 2026-12-03T08:00:00.000Z</translation>
    </message>
    <message>
        <source>a kecamatan code such as 19.04.01</source>
        <translation>kode kecamatan seperti 19.04.01</translation>
    </message>
    <message>
        <source>64 lowercase hexadecimal characters</source>
        <translation>64 karakter heksadesimal huruf kecil</translation>
    </message>
    <message>
        <source>an object</source>
        <translation>objek</translation>
    </message>
    <message>
        <source>a list</source>
        <translation>daftar</translation>
    </message>
    <message>
        <source>one of accepted, rejected</source>
        <translation>salah satu dari accepted, rejected</translation>
    </message>
    <message>
        <source>one of accepted, processing, completed, rejected</source>
        <translation>salah satu dari accepted, processing, completed, rejected</translation>
    </message>
    <message>
        <source>The message lacks the field &quot;%1&quot;.</source>
        <translation>Pesan tidak memuat isian &quot;%1&quot;.</translation>
    </message>
    <message>
        <source>The field &quot;%1&quot; must be %2.</source>
        <translation>Isian &quot;%1&quot; harus berupa %2.</translation>
    </message>
    <message>
        <source>an object with code and message for a rejected application</source>
        <translation>objek berisi code dan message untuk permohonan yang ditolak</translation>
    </message>
    <message>
        <source>The body is not a JSON object.</source>
        <translation>Isi pesan bukan objek JSON.</translation>
    </message>
</context>
<context>
    <name>PusatCommands</name>
    <message>
        <source>Say where to serve with --listen ADDRESS:PORT, such as --listen 127.0.0.1:8080.</source>
        <translation>Sebutkan alamat layanan dengan --listen ALAMAT:PORT, misalnya --listen 127.0.0.1:8080.</translation>
    </message>
    <message>
        <source>Name the office the code is for with --office, such as 19.04.01.</source>
        <translation>Sebutkan kantor tujuan kode dengan --office, misalnya 19.04.01.</translation>
    </message>
    <message>
        <source>The status must be processing, completed or rejected.</source>
        <translation>Status harus processing, completed atau rejected.</translation>
    </message>
    <message>
        <source>%1 is now %2.</source>
        <translation>%1 kini berstatus %2.</translation>
    </message>
</context>
<context>
    <name>RegionStore</name>
    <message>
        <source>The built-in region table is missing from this program.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The region file %1 could not be read (%2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The CSV reader could not start.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Line %1 of the region file is not valid CSV (a quote is not closed or stands in the wrong place). Correct the line and import again; the region table was not changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Line %1 of the region file is not a region: it must read kode,nama with a code such as 19.04.01.1002 and a name. Correct the line and import again; the region table was not changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The region file holds no regions.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>clear the region table</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>store region %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Role</name>
    <message>
        <source>Counter clerk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Supervisor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>IT operator</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>WidgetsPrompter</name>
    <message>
        <source>Continue</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Sipelanduk Desktop, the counter program of the kantor camat.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Data folder (default: the platform&apos;s)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sipelanduk-pusat</name>
    <message>
        <source>The central endpoint that Sipelanduk counter PCs sync with.</source>
        <translation>Layanan pusat tempat PC loket Sipelanduk bersinkronisasi.</translation>
    </message>
    <message>
        <source>The central database file.</source>
        <translation>Berkas basis data pusat.</translation>
    </message>
    <message>
        <source>Serve on this address; port 0 picks a free port.</source>
        <translation>Layani di alamat ini; port 0 memilih port yang bebas.</translation>
    </message>
    <message>
        <source>issue-code: the office, e.g. 19.04.01.</source>
        <translation>issue-code: kantornya, misalnya 19.04.01.</translation>
    </message>
    <message>
        <source>set-status: why, required to reject.</source>
        <translation>set-status: alasannya, wajib untuk menolak.</translation>
    </message>
    <message>
        <source>Print data as JSON.</source>
        <translation>Cetak data sebagai JSON.</translation>
    </message>
    <message>
        <source>None to serve; issue-code; or set-status REGISTRATION_NUMBER processing|completed|rejected.</source>
        <translation>Kosong untuk melayani; issue-code; atau set-status NOMOR_REGISTRASI processing|completed|rejected.</translation>
    </message>
    <message>
        <source>Name the central database with --db FILE.</source>
        <translation>Sebutkan basis data pusat dengan --db BERKAS.</translation>
    </message>
    <message>
        <source>The command is not understood; see sipelanduk-pusat --help.</source>
        <translation>Perintah tidak dipahami; lihat sipelanduk-pusat --help.</translation>
    </message>
</context>
<context>
    <name>sipelanduk::AddUserDialog</name>
    <message>
        <source>Add user</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Role:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create account</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sipelanduk::ApplicationForm</name>
    <message>
        <source>New: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 *</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save draft</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stores what is filled in so far; nothing is checked or sent yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Submit for approval</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Draft saved at %1. It is kept on this PC until it is submitted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check these points with the applicant. Submit the application with them?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confirm and submit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Registration number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not saved yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The number is given at the first save.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Warnings confirmed at submission: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1. This application can no longer be changed here.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sipelanduk::ApplicationTableModel</name>
    <message>
        <source>Registration number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Service</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Applicant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Captured by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Submitted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confirmed warnings</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sipelanduk::ApplicationsPage</name>
    <message>
        <source>New application:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Find by registration number or name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All states</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n application(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>sipelanduk::ApprovalPage</name>
    <message>
        <source>Open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Return with reason...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Approve selected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Approve all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No application is waiting for approval.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n application(s) waiting for approval.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n application(s) approved.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Approve all %n waiting application(s)? Approved applications are sealed and cannot be changed any more.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Return to the clerk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What must the clerk correct? The reason is shown to the clerk with the application.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Application %1 returned to %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Approval</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sipelanduk::ChoiceEditor</name>
    <message>
        <source>(choose)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sipelanduk::DateEditor</name>
    <message>
        <source>Clear the date</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sipelanduk::EnrolDialog</name>
    <message>
        <source>Enrol this PC</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disdukcapil gives a one-time code for each PC. The code works once; the PC then keeps its own key in the system keychain.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server address:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One-time code:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name of this PC:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enrol</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contacting the central server...</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sipelanduk::FieldEditor</name>
    <message>
        <source>Male</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Female</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sipelanduk::FindingsPanel</name>
    <message>
        <source>Checks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No problems found. The application can be submitted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n error(s) to correct</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n warning(s) to confirm at submission</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>sipelanduk::FirstRunDialog</name>
    <message>
        <source>Set up this PC</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This PC is not set up yet. Choose the kantor camat it serves and create the account of its IT operator, who then adds the accounts of the clerks and the supervisor.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kecamatan:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>IT operator&apos;s name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set up</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sipelanduk::IdentityNumberEditor</name>
    <message>
        <source>16 digits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No NIK yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No number yet</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sipelanduk::Launcher</name>
    <message>
        <source>Sipelanduk Desktop</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sipelanduk::LoginDialog</name>
    <message>
        <source>Sign in: Kecamatan %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Sipelanduk Desktop&lt;/b&gt;&lt;br&gt;Kantor Camat %1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sipelanduk::MainWindow</name>
    <message>
        <source>My applications</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting for approval</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All applications</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sync</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Users</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Session</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kantor Camat %1 (%2), station %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed in: %1, %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kecamatan %1: %2 (%3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open application</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This application is not on this PC any more, or its service is not in the catalogue. Refresh the list and try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close form</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The changes in %1 are not saved. Close the form and discard them?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Discard changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>These forms have changes that are not saved. Discard them?</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sipelanduk::OptionalDateEdit</name>
    <message>
        <source>not filled</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sipelanduk::RequirementChecklist</name>
    <message>
        <source>Documents shown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One of these:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sipelanduk::SyncClient</name>
    <message>
        <source>%1 is not a server address. Write it as http://host:port or https://host.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This PC is not enrolled with the central server yet. The IT operator enrols it with the server address and a one-time code.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The PC&apos;s access key is missing from the keychain; enrol the PC again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Sending %n application(s)...</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Fetching status from the central server...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The central server at %1 could not be reached (%2). The work stays queued; sync again when the connection is back.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The answer from %1 did not come from the Sipelanduk server (HTTP %2, %3). A Wi-Fi login page or a proxy may be in the way; nothing was marked as sent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no content type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The answer from %1 was cut off or damaged; nothing was marked as sent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The central server refused: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The central server answered HTTP %1.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sipelanduk::SyncPage</name>
    <message>
        <source>Central server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enrol this PC...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sync</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sync now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last sync in this session</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No sync has run since the program started.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Applications on this PC</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This PC is enrolled with %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This PC is not enrolled yet: nothing can be sent until it is.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last successful sync: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No successful sync yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No applications yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This PC is now enrolled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sync started.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sync finished.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sync stopped: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Batches sent: %1. Accepted: %2. Rejected: %3. Status changes received: %4.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rejected: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not sent: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>This PC&apos;s clock differs from the central server&apos;s by about %n minute(s). Set the PC&apos;s date and time correctly.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>sipelanduk::UsersPage</name>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Role</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add user...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One account per person: an account is never shared.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Account %1 created (%2).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sipelanduk::VillageEditor</name>
    <message>
        <source>Type the name or the code of the village</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, Kec. %2 (%3)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sipelanduk::server::CentralServer</name>
    <message>
        <source>The query parameter &quot;%1&quot; must be a whole number of at least %2.</source>
        <translation>Parameter kueri &quot;%1&quot; harus bilangan bulat paling sedikit %2.</translation>
    </message>
    <message>
        <source>Cannot listen on %1 port %2; another program may be using it.</source>
        <translation>Tidak dapat mendengarkan di %1 port %2; mungkin dipakai program lain.</translation>
    </message>
    <message>
        <source>There is no such resource in this API.</source>
        <translation>Sumber daya itu tidak ada dalam API ini.</translation>
    </message>
    <message>
        <source>The batch UUID in the path, %1, is not the &quot;batch&quot; of the body.</source>
        <translation>UUID batch pada path, %1, tidak sama dengan &quot;batch&quot; pada isi pesan.</translation>
    </message>
    <message>
        <source>The request carries no device token; enrol this PC first.</source>
        <translation>Permintaan tidak membawa token perangkat; daftarkan PC ini terlebih dahulu.</translation>
    </message>
    <message>
        <source>The request is larger than %1 MB; send fewer applications per batch.</source>
        <translation>Permintaan lebih besar dari %1 MB; kirim lebih sedikit permohonan per batch.</translation>
    </message>
    <message>
        <source>The request must be sent as application/json.</source>
        <translation>Permintaan harus dikirim sebagai application/json.</translation>
    </message>
</context>
</TS>
