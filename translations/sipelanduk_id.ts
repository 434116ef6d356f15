<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="id" sourcelanguage="en">
<context>
    <name>Accounts</name>
    <message>
        <source>The user name &quot;%1&quot; is not allowed: use 2 to 32 small letters, digits, dots, dashes or underscores, starting with a letter.</source>
        <translation>Nama pengguna &quot;%1&quot; tidak diperbolehkan: gunakan 2 sampai 32 huruf kecil, angka, titik, tanda hubung, atau garis bawah, diawali huruf.</translation>
    </message>
    <message>
        <source>The password is too short: use at least %1 characters.</source>
        <translation>Kata sandi terlalu pendek: gunakan paling sedikit %1 karakter.</translation>
    </message>
    <message>
        <source>Only an IT operator can create accounts.</source>
        <translation>Hanya operator TI yang dapat membuat akun.</translation>
    </message>
    <message>
        <source>There is already an account named %1.</source>
        <translation>Akun dengan nama %1 sudah ada.</translation>
    </message>
    <message>
        <source>The password library could not start.</source>
        <translation>Pustaka kata sandi tidak dapat dijalankan.</translation>
    </message>
    <message>
        <source>The password could not be hashed: the PC is short of memory.</source>
        <translation>Kata sandi tidak dapat di-hash: memori PC tidak cukup.</translation>
    </message>
    <message>
        <source>create the account %1</source>
        <translation>membuat akun %1</translation>
    </message>
    <message>
        <source>The user name or password is wrong. Check Caps Lock and try again.</source>
        <translation>Nama pengguna atau kata sandi salah. Periksa Caps Lock, lalu coba lagi.</translation>
    </message>
    <message>
        <source>The account %1 is locked after %2 wrong passwords in a row. Try again after %3, or ask the IT operator to reset the password.</source>
        <translation>Akun %1 dikunci setelah %2 kali kata sandi salah berturut-turut. Coba lagi setelah pukul %3, atau minta operator TI mengatur ulang kata sandinya.</translation>
    </message>
    <message>
        <source>There is no account named %1. Check the name in the list of users.</source>
        <translation>Tidak ada akun bernama %1. Periksa nama itu di daftar pengguna.</translation>
    </message>
    <message>
        <source>The account %1 is disabled. Ask the IT operator to enable it again.</source>
        <translation>Akun %1 dinonaktifkan. Minta operator TI untuk mengaktifkannya kembali.</translation>
    </message>
    <message>
        <source>count the failed sign-in</source>
        <translation>mencatat upaya masuk yang gagal</translation>
    </message>
    <message>
        <source>reset the count of failed sign-ins</source>
        <translation>menghapus hitungan upaya masuk yang gagal</translation>
    </message>
    <message>
        <source>set the new password of %1</source>
        <translation>menyimpan kata sandi baru %1</translation>
    </message>
    <message>
        <source>change the account %1</source>
        <translation>mengubah akun %1</translation>
    </message>
    <message>
        <source>You cannot disable your own account. Another IT operator can do it.</source>
        <translation>Anda tidak dapat menonaktifkan akun Anda sendiri. Operator TI lain dapat melakukannya.</translation>
    </message>
    <message>
        <source>%1 is the last active IT operator; without one nobody could manage accounts. Create or enable another IT operator first.</source>
        <translation>%1 adalah operator TI aktif terakhir; tanpa operator TI tidak ada yang dapat mengelola akun. Buat atau aktifkan operator TI lain terlebih dahulu.</translation>
    </message>
    <message>
        <source>read the accounts</source>
        <translation>membaca daftar akun</translation>
    </message>
    <message>
        <source>wrong password %1 times; locked until %2</source>
        <translation>kata sandi salah %1 kali; terkunci sampai %2</translation>
    </message>
    <message>
        <source>wrong password (%1)</source>
        <translation>kata sandi salah (percobaan ke-%1)</translation>
    </message>
</context>
<context>
    <name>ApplicationImport</name>
    <message>
        <source>The import file is not valid JSON: %1 at character %2.</source>
        <translation>File impor bukan JSON yang valid: %1 pada karakter ke-%2.</translation>
    </message>
    <message>
        <source>The import file must start with &quot;format&quot;: &quot;%1&quot; and &quot;version&quot;: %2.</source>
        <translation>File impor harus diawali dengan &quot;format&quot;: &quot;%1&quot; dan &quot;version&quot;: %2.</translation>
    </message>
    <message>
        <source>Application %1 in the import file needs a &quot;service&quot; text and a &quot;fields&quot; object.</source>
        <translation>Permohonan %1 dalam file impor memerlukan teks &quot;service&quot; dan objek &quot;fields&quot;.</translation>
    </message>
    <message>
        <source>The import file holds no applications.</source>
        <translation>File impor tidak berisi permohonan.</translation>
    </message>
    <message>
        <source>Application %1: %2</source>
        <translation>Permohonan %1: %2</translation>
    </message>
    <message>
        <source>Nothing was imported. Correct these and import the file again:
%1</source>
        <translation>Tidak ada yang diimpor. Perbaiki hal berikut, lalu impor file itu lagi:
%1</translation>
    </message>
    <message>
        <source>The import file must hold one JSON object with &quot;format&quot;, &quot;version&quot; and &quot;applications&quot;.</source>
        <translation>File impor harus berisi satu objek JSON dengan &quot;format&quot;, &quot;version&quot; dan &quot;applications&quot;.</translation>
    </message>
    <message>
        <source>Application %1 in the import file has the key &quot;%2&quot;, which the format does not know. Family members and every other value go inside &quot;fields&quot;; see docs/import-format.md.</source>
        <translation>Permohonan %1 dalam file impor memiliki kunci &quot;%2&quot;, yang tidak dikenal format ini. Anggota keluarga dan semua nilai lain ditulis di dalam &quot;fields&quot;; lihat docs/import-format.md.</translation>
    </message>
</context>
<context>
    <name>ApplicationRules</name>
    <message>
        <source>The field %1 does not belong to the service %2.</source>
        <translation>Isian %1 tidak termasuk jenis layanan %2.</translation>
    </message>
    <message>
        <source>%1 is required.</source>
        <translation>%1 wajib diisi.</translation>
    </message>
    <message>
        <source>%1 must be written as text.</source>
        <translation>%1 harus ditulis sebagai teks.</translation>
    </message>
    <message>
        <source>%1 must contain letters.</source>
        <translation>%1 harus berisi huruf.</translation>
    </message>
    <message>
        <source>%1 must be 1 (male) or 2 (female).</source>
        <translation>%1 harus 1 (laki-laki) atau 2 (perempuan).</translation>
    </message>
    <message>
        <source>%1: %2 is not a desa/kelurahan in the region table. Pick one from the list.</source>
        <translation>%1: %2 bukan desa/kelurahan dalam tabel wilayah. Pilih dari daftar.</translation>
    </message>
    <message>
        <source>%1: %2 is not one of the choices.</source>
        <translation>%1: %2 tidak ada dalam pilihan.</translation>
    </message>
    <message>
        <source>%1 is required; &quot;no NIK yet&quot; is not allowed here.</source>
        <translation>%1 wajib diisi; &quot;belum ada NIK&quot; tidak dapat dipilih di sini.</translation>
    </message>
    <message>
        <source>%1 must be text of 16 digits, not a number: a number can lose its last digits on the way from a spreadsheet. Write it as text.</source>
        <translation>%1 harus berupa teks 16 digit, bukan bilangan: bilangan dapat kehilangan digit terakhirnya saat disalin dari spreadsheet. Tulis sebagai teks.</translation>
    </message>
    <message>
        <source>%1: %2 is not a date. Write it as year-month-day, for example 2022-02-01.</source>
        <translation>%1: %2 bukan tanggal. Tulis dengan urutan tahun-bulan-tanggal, misalnya 2022-02-01.</translation>
    </message>
    <message>
        <source>%1 (%2) is after today. Check the year.</source>
        <translation>%1 (%2) jatuh setelah hari ini. Periksa tahunnya.</translation>
    </message>
    <message>
        <source>%1 (%2) is before %3, which cannot be right for a living person. Check the year.</source>
        <translation>%1 (%2) lebih awal dari %3; tidak mungkin untuk orang yang masih hidup. Periksa tahunnya.</translation>
    </message>
    <message>
        <source>The requirement %1 does not belong to the service %2.</source>
        <translation>Persyaratan %1 tidak termasuk jenis layanan %2.</translation>
    </message>
    <message>
        <source>A required document is missing: %1.</source>
        <translation>Dokumen persyaratan belum ada: %1.</translation>
    </message>
    <message>
        <source> or </source>
        <translation> atau </translation>
    </message>
    <message>
        <source>The birth is reported %1 days after it happened; births are to be reported within %2 days. Confirm to record it as a late report.</source>
        <translation>Kelahiran dilaporkan %1 hari setelah terjadi; kelahiran wajib dilaporkan paling lambat %2 hari. Konfirmasi untuk mencatatnya sebagai pelaporan terlambat.</translation>
    </message>
    <message>
        <source>A KTP-el is recorded from the 17th birthday, or earlier for a person who is or was married. This applicant turns 17 on %1.</source>
        <translation>KTP-el direkam mulai ulang tahun ke-17, atau lebih awal bagi yang sudah atau pernah kawin. Pemohon ini berusia 17 tahun pada %1.</translation>
    </message>
    <message>
        <source>%1 contains a hidden or control character (such as a tab, a line break or a zero-width space). Type it again without it.</source>
        <translation>%1 berisi karakter tersembunyi atau karakter kontrol (misalnya tab, pindah baris atau spasi tanpa lebar). Ketik ulang tanpa karakter itu.</translation>
    </message>
    <message>
        <source>%1 is %2 characters long; at most %3 are allowed.</source>
        <translation>%1 panjangnya %2 karakter; paling banyak %3 karakter.</translation>
    </message>
    <message>
        <source>A KIA is for children under 17; this child turned 17 on %1. Apply for a KTP-el instead.</source>
        <translation>KIA untuk anak di bawah 17 tahun; anak ini berumur 17 tahun pada %1. Ajukan perekaman KTP-el.</translation>
    </message>
    <message>
        <source>The child is %1 years old: a KIA from the age of 5 carries a photo. Tick the photo among the documents.</source>
        <translation>Anak berumur %1 tahun: KIA mulai umur 5 tahun memuat pas foto. Centang pas foto pada daftar dokumen.</translation>
    </message>
    <message>
        <source>The date of death (%1) is before the date of birth (%2). Check both dates.</source>
        <translation>Tanggal kematian (%1) lebih awal dari tanggal lahir (%2). Periksa kedua tanggal.</translation>
    </message>
    <message>
        <source>The destination is the village the person moves from. Choose the village they move to.</source>
        <translation>Desa tujuan sama dengan desa asal. Pilih desa tujuan pindah.</translation>
    </message>
    <message>
        <source>Member %1: %2</source>
        <translation>Anggota %1: %2</translation>
    </message>
    <message>
        <source>%1 must be a list of people.</source>
        <translation>%1 harus berupa daftar orang.</translation>
    </message>
    <message>
        <source>the person must be written as an object of fields.</source>
        <translation>data orang harus ditulis sebagai objek berisi isian.</translation>
    </message>
    <message>
        <source>the field %1 does not belong to a family member.</source>
        <translation>isian %1 bukan isian anggota keluarga.</translation>
    </message>
    <message numerus="yes">
        <source>%1: at least %n person(s) must be entered.</source>
        <translation>
            <numerusform>%1: paling sedikit %n orang harus diisi.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1: at most %n people can be entered.</source>
        <translation>
            <numerusform>%1: paling banyak %n orang dapat diisi.</numerusform>
        </translation>
    </message>
    <message>
        <source>the NIK is the same as member %1&apos;s. Each person has a NIK of their own.</source>
        <translation>NIK sama dengan NIK anggota %1. Setiap orang memiliki NIK sendiri.</translation>
    </message>
    <message>
        <source>One family member must be the head of family (kepala keluarga).</source>
        <translation>Satu anggota keluarga harus menjadi kepala keluarga.</translation>
    </message>
    <message>
        <source>member %1 is already the head of family; a family card has exactly one.</source>
        <translation>anggota %1 sudah menjadi kepala keluarga; satu kartu keluarga hanya memiliki satu kepala keluarga.</translation>
    </message>
    <message>
        <source>%1 holds &quot;%2&quot;, which a place does not have: a place is its text and, when picked from the list, its region code.</source>
        <translation>%1 berisi &quot;%2&quot;, yang bukan bagian dari tempat: tempat terdiri atas teksnya dan, jika dipilih dari daftar, kode wilayahnya.</translation>
    </message>
    <message>
        <source>%1 has a region code but no name. Pick the place from the list again.</source>
        <translation>%1 memiliki kode wilayah tetapi tanpa nama. Pilih tempat dari daftar lagi.</translation>
    </message>
    <message>
        <source>%1: %2 is not a kabupaten/kota, kecamatan or desa/kelurahan in the region table. Pick the place from the list again, or write it as text alone.</source>
        <translation>%1: %2 bukan kabupaten/kota, kecamatan atau desa/kelurahan dalam tabel wilayah. Pilih tempat dari daftar lagi, atau tulis sebagai teks saja.</translation>
    </message>
    <message>
        <source>the code</source>
        <translation>kodenya</translation>
    </message>
</context>
<context>
    <name>ApplicationState</name>
    <message>
        <source>Draft</source>
        <translation>Draf</translation>
    </message>
    <message>
        <source>Waiting for approval</source>
        <translation>Menunggu persetujuan</translation>
    </message>
    <message>
        <source>Returned for correction</source>
        <translation>Dikembalikan untuk perbaikan</translation>
    </message>
    <message>
        <source>Approved, waiting to be sent</source>
        <translation>Disetujui, menunggu dikirim</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>Terkirim</translation>
    </message>
    <message>
        <source>Received by Disdukcapil</source>
        <translation>Diterima Disdukcapil</translation>
    </message>
    <message>
        <source>Being processed</source>
        <translation>Sedang diproses</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>Selesai</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>Ditolak</translation>
    </message>
    <message>
        <source>%1, handed over %2</source>
        <translation>%1, diserahkan %2</translation>
    </message>
</context>
<context>
    <name>ApplicationStore</name>
    <message>
        <source>The service %1 is not in the catalogue.</source>
        <translation>Jenis layanan %1 tidak ada dalam katalog.</translation>
    </message>
    <message>
        <source>save the draft</source>
        <translation>menyimpan draf</translation>
    </message>
    <message>
        <source>Application %1 was captured by %2; only they can change it.</source>
        <translation>Permohonan %1 direkam oleh %2; hanya petugas tersebut yang dapat mengubahnya.</translation>
    </message>
    <message>
        <source>Application %1 is &quot;%2&quot; and can no longer be changed.</source>
        <translation>Permohonan %1 berstatus &quot;%2&quot; dan tidak dapat diubah lagi.</translation>
    </message>
    <message>
        <source>An application cannot change its service; start a new one instead.</source>
        <translation>Jenis layanan permohonan tidak dapat diubah; buat permohonan baru.</translation>
    </message>
    <message>
        <source>Application %1 cannot be submitted by %2 in its present state, &quot;%3&quot;.</source>
        <translation>Permohonan %1 tidak dapat diajukan oleh %2 dalam statusnya sekarang, &quot;%3&quot;.</translation>
    </message>
    <message>
        <source>Application %1 cannot be submitted yet: %2</source>
        <translation>Permohonan %1 belum dapat diajukan: %2</translation>
    </message>
    <message>
        <source>Application %1 has warnings the clerk must confirm: %2</source>
        <translation>Permohonan %1 memiliki peringatan yang harus dikonfirmasi petugas loket: %2</translation>
    </message>
    <message>
        <source>submit the application</source>
        <translation>mengajukan permohonan</translation>
    </message>
    <message>
        <source>Application %1 is not waiting for approval (its state is &quot;%2&quot;).</source>
        <translation>Permohonan %1 tidak sedang menunggu persetujuan (statusnya &quot;%2&quot;).</translation>
    </message>
    <message>
        <source>Application %1 was captured by %2; another supervisor must approve it.</source>
        <translation>Permohonan %1 direkam oleh %2; persetujuan harus diberikan oleh kepala seksi pelayanan lain.</translation>
    </message>
    <message>
        <source>approve application %1</source>
        <translation>menyetujui permohonan %1</translation>
    </message>
    <message>
        <source>find the open batch</source>
        <translation>mencari berkas yang masih terbuka</translation>
    </message>
    <message>
        <source>seal the full batch</source>
        <translation>menyegel berkas yang sudah penuh</translation>
    </message>
    <message>
        <source>start a new batch</source>
        <translation>memulai berkas baru</translation>
    </message>
    <message>
        <source>Say why the application goes back, so the clerk knows what to correct.</source>
        <translation>Tuliskan alasan pengembalian agar petugas loket tahu apa yang harus diperbaiki.</translation>
    </message>
    <message>
        <source>return the application</source>
        <translation>mengembalikan permohonan</translation>
    </message>
    <message>
        <source>count today&apos;s applications</source>
        <translation>menghitung permohonan hari ini</translation>
    </message>
    <message>
        <source>record the change of state</source>
        <translation>mencatat perubahan status</translation>
    </message>
    <message>
        <source>There is no application with number %1 on this PC.</source>
        <translation>Tidak ada permohonan dengan nomor %1 di PC ini.</translation>
    </message>
    <message>
        <source>Application %1 was captured by another clerk; a clerk sees only their own applications.</source>
        <translation>Permohonan %1 direkam oleh petugas loket lain; petugas loket hanya dapat melihat permohonannya sendiri.</translation>
    </message>
    <message>
        <source>Application %1 can be handed over once the central office has completed it, and only once.</source>
        <translation>Dokumen permohonan %1 baru dapat diserahkan setelah diselesaikan oleh Disdukcapil, dan hanya satu kali.</translation>
    </message>
    <message>
        <source>record the hand-over</source>
        <translation>mencatat penyerahan</translation>
    </message>
    <message numerus="yes">
        <source>%n warning(s) confirmed</source>
        <translation>
            <numerusform>%n peringatan dikonfirmasi</numerusform>
        </translation>
    </message>
    <message>
        <source>This person already has an open application for this service: %1. Check that this is not the same request taken twice.</source>
        <translation>Orang ini sudah memiliki permohonan yang masih berjalan untuk layanan ini: %1. Pastikan ini bukan permohonan yang sama yang direkam dua kali.</translation>
    </message>
    <message>
        <source>The service %1 is no longer offered: the central office retired it in catalogue version %2. Start the application under the service that replaces it.</source>
        <translation>Layanan %1 tidak lagi tersedia: kantor pusat telah menghentikannya dalam katalog versi %2. Mulailah permohonan dengan layanan penggantinya.</translation>
    </message>
</context>
<context>
    <name>AuditLog</name>
    <message>
        <source>The security library could not start.</source>
        <translation>Pustaka keamanan tidak dapat dijalankan.</translation>
    </message>
    <message>
        <source>write the audit trail</source>
        <translation>menulis jejak audit</translation>
    </message>
    <message>
        <source>read the audit trail</source>
        <translation>membaca jejak audit</translation>
    </message>
    <message>
        <source>Entry %1 is missing: the trail jumps from entry %2 to %3.</source>
        <translation>Entri %1 hilang: jejak audit melompat dari entri %2 ke entri %3.</translation>
    </message>
    <message>
        <source>Entry %1 does not follow entry %2: entries were removed, inserted or reordered here.</source>
        <translation>Entri %1 tidak menyambung dengan entri %2: di sini ada entri yang dihapus, disisipkan, atau diubah urutannya.</translation>
    </message>
    <message>
        <source>Entry %1 (%2, %3) was changed after it was written.</source>
        <translation>Entri %1 (%2, %3) diubah setelah ditulis.</translation>
    </message>
    <message>
        <source>The salt under which the trail finds people was removed or replaced; reports on a person would come back empty.</source>
        <translation>Salt yang dipakai jejak audit untuk menemukan orang telah dihapus atau diganti; laporan tentang seseorang akan kosong.</translation>
    </message>
    <message>
        <source>The protection that keeps the audit trail append-only was removed from the database.</source>
        <translation>Pelindung yang membuat jejak audit hanya dapat ditambah telah dihapus dari basis data.</translation>
    </message>
    <message>
        <source>The people listed for entry %1 were changed; reports on a person would be wrong.</source>
        <translation>Daftar orang pada entri %1 telah diubah; laporan tentang seseorang akan salah.</translation>
    </message>
    <message>
        <source>People are listed for entry %1, which is not in the trail.</source>
        <translation>Ada orang yang tercatat untuk entri %1, padahal entri itu tidak ada dalam jejak audit.</translation>
    </message>
</context>
<context>
    <name>Backup</name>
    <message>
        <source>The backup %1 could not be written (%2). Check that the folder exists, that the disk has room and that this user may write there.</source>
        <translation>Cadangan %1 tidak dapat ditulis (%2). Periksa bahwa foldernya ada, ruang disk cukup, dan pengguna ini boleh menulis di sana.</translation>
    </message>
    <message>
        <source>%1 could not be read for the backup (%2). Check that this user may read the data folder, then run the backup again.</source>
        <translation>%1 tidak dapat dibaca untuk cadangan (%2). Periksa bahwa pengguna ini boleh membaca folder data, lalu jalankan pencadangan lagi.</translation>
    </message>
    <message>
        <source>copy itself for the backup</source>
        <translation>menyalin dirinya untuk cadangan</translation>
    </message>
    <message>
        <source>%1 changed while the backup was being made. Run the backup again.</source>
        <translation>%1 berubah selama cadangan dibuat. Jalankan pencadangan lagi.</translation>
    </message>
    <message>
        <source>The backup passphrase is too short: use at least %1 characters. Keep it written down in a safe place; without it no backup can be restored.</source>
        <translation>Frasa sandi cadangan terlalu pendek: gunakan paling sedikit %1 karakter. Simpan catatannya di tempat yang aman; tanpa frasa sandi itu tidak ada cadangan yang dapat dipulihkan.</translation>
    </message>
    <message>
        <source>the folder could not be created</source>
        <translation>folder tidak dapat dibuat</translation>
    </message>
    <message>
        <source>Backups are kept for 1 to %1 days; %2 is not possible.</source>
        <translation>Cadangan disimpan 1 sampai %1 hari; %2 tidak mungkin.</translation>
    </message>
    <message>
        <source>The backup could not be unpacked in %1 (%2). Check that the disk has room and that this user may write there; nothing was restored.</source>
        <translation>Cadangan tidak dapat dibongkar di %1 (%2). Periksa bahwa ruang disk cukup dan pengguna ini boleh menulis di sana; tidak ada yang dipulihkan.</translation>
    </message>
    <message>
        <source>%1 is not an empty folder, and a restore overwrites nothing. Restore into a new folder, or empty this one first.</source>
        <translation>%1 bukan folder kosong, dan pemulihan tidak menimpa apa pun. Pulihkan ke folder baru, atau kosongkan folder ini dahulu.</translation>
    </message>
    <message>
        <source>a folder could not be created</source>
        <translation>sebuah folder tidak dapat dibuat</translation>
    </message>
    <message>
        <source>The backup %1 could not be read (%2).</source>
        <translation>Cadangan %1 tidak dapat dibaca (%2).</translation>
    </message>
    <message>
        <source>The database inside the backup %1 is damaged (%2), so nothing was restored. Use an older backup.</source>
        <translation>Basis data di dalam cadangan %1 rusak (%2), jadi tidak ada yang dipulihkan. Gunakan cadangan yang lebih lama.</translation>
    </message>
    <message>
        <source>the restored folder could not be moved there</source>
        <translation>folder hasil pemulihan tidak dapat dipindahkan ke sana</translation>
    </message>
    <message>
        <source>%1 could not be moved</source>
        <translation>%1 tidak dapat dipindahkan</translation>
    </message>
</context>
<context>
    <name>Catalogue</name>
    <message>
        <source>The service catalogue is not valid JSON (%1).</source>
        <translation>Katalog layanan bukan JSON yang valid (%1).</translation>
    </message>
    <message>
        <source>The service catalogue has a service or field it cannot read.</source>
        <translation>Katalog layanan memuat layanan atau isian yang tidak dapat dibaca.</translation>
    </message>
    <message>
        <source>The service catalogue has no version or no services.</source>
        <translation>Katalog layanan tidak memiliki versi atau tidak berisi layanan.</translation>
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
        <translation>Berkas %1 sudah pernah dikirim dengan isi lain; kirim permohonan yang berubah dalam berkas baru.</translation>
    </message>
    <message>
        <source>The batch names office %1, but this PC is enrolled for office %2.</source>
        <translation>Berkas menyebut kantor %1, tetapi PC ini terdaftar untuk kantor %2.</translation>
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
        <source>The scan %1 for requirement %2 has not been uploaded; send it before the batch.</source>
        <translation>Pindaian %1 untuk persyaratan %2 belum diunggah; kirim pindaian itu sebelum berkas.</translation>
    </message>
    <message>
        <source>The central database URL is not of the form postgres://USER[:PASSWORD]@HOST:PORT/DBNAME; check --db.</source>
        <translation>URL basis data pusat tidak berbentuk postgres://USER[:PASSWORD]@HOST:PORT/DBNAME; periksa --db.</translation>
    </message>
    <message>
        <source>The setting &quot;%1&quot; after the &apos;?&apos; of the central database URL is not supported; use only %2, with plain values.</source>
        <translation>Pengaturan &quot;%1&quot; setelah &apos;?&apos; pada URL basis data pusat tidak didukung; gunakan hanya %2, dengan nilai sederhana.</translation>
    </message>
    <message>
        <source>Qt&apos;s PostgreSQL driver is not installed (Debian package libqt6sql6-psql); install it to use a PostgreSQL central database.</source>
        <translation>Driver PostgreSQL untuk Qt belum terpasang (paket Debian libqt6sql6-psql); pasang dulu untuk memakai basis data pusat PostgreSQL.</translation>
    </message>
    <message>
        <source>The pieces of scan %1 do not add up to that scan: the whole has another SHA-256 or size, so it was changed or damaged on the way. The pieces were dropped; send the scan again from the start.</source>
        <translation>Potongan-potongan pindaian %1 tidak membentuk pindaian itu: keseluruhannya memiliki SHA-256 atau ukuran lain, jadi isinya berubah atau rusak di jalan. Potongan-potongan itu dibuang; kirim pindaian itu lagi dari awal.</translation>
    </message>
    <message>
        <source>This piece of scan %1 starts at byte %2, but the server holds its first %3 bytes; continue from byte %3.</source>
        <translation>Potongan pindaian %1 ini dimulai pada bita ke-%2, tetapi server sudah menyimpan %3 bita pertamanya; lanjutkan dari bita ke-%3.</translation>
    </message>
    <message>
        <source>The file is not UTF-8 text, so it is not %1. Nothing was published.</source>
        <translation>File ini bukan teks UTF-8, jadi bukan %1. Tidak ada yang diterbitkan.</translation>
    </message>
    <message>
        <source>The file is not valid as %1: %2 Nothing was published.</source>
        <translation>File ini tidak sah sebagai %1: %2 Tidak ada yang diterbitkan.</translation>
    </message>
    <message>
        <source>The file names version %1, but version %2 of %3 is already in use; raise the &quot;version&quot; in the file. Nothing was published.</source>
        <translation>File ini menyebut versi %1, padahal %3 versi %2 sudah berlaku; naikkan &quot;version&quot; di dalam file. Tidak ada yang diterbitkan.</translation>
    </message>
    <message>
        <source>Application %1 has the status &quot;%2&quot; and cannot be given &quot;%3&quot;.</source>
        <translation>Permohonan %1 berstatus &quot;%2&quot; dan tidak dapat diberi status &quot;%3&quot;.</translation>
    </message>
</context>
<context>
    <name>CodeLists</name>
    <message>
        <source>The code lists are not valid JSON (%1).</source>
        <translation>Daftar kode bukan JSON yang sah (%1).</translation>
    </message>
    <message>
        <source>The code list %1 has no entries or an entry without a code.</source>
        <translation>Daftar kode %1 kosong atau memuat isian tanpa kode.</translation>
    </message>
    <message>
        <source>The code lists have no version or no lists.</source>
        <translation>Daftar kode tidak memiliki versi atau tidak berisi daftar.</translation>
    </message>
</context>
<context>
    <name>Commands</name>
    <message>
        <source>Command line of Sipelanduk Desktop, for IT staff.</source>
        <translation>Baris perintah Sipelanduk Desktop, untuk staf TI.</translation>
    </message>
    <message>
        <source>What to do; see the list above.</source>
        <translation>Perintah yang dijalankan; lihat daftar di atas.</translation>
    </message>
    <message>
        <source>Unknown command &quot;%1&quot;. Run sipelanduk-ctl --help for the list.</source>
        <translation>Perintah &quot;%1&quot; tidak dikenal. Jalankan sipelanduk-ctl --help untuk melihat daftarnya.</translation>
    </message>
    <message>
        <source>Say who acts, with --as NAME.</source>
        <translation>Sebutkan siapa yang bertindak, dengan --as NAMA.</translation>
    </message>
    <message>
        <source>Password for %1:</source>
        <translation>Kata sandi untuk %1:</translation>
    </message>
    <message>
        <source>init needs --office CODE and --admin NAME.</source>
        <translation>init memerlukan --office KODE dan --admin NAMA.</translation>
    </message>
    <message>
        <source>Set up for kecamatan %1 %2 (station %3); IT operator: %4.</source>
        <translation>Disiapkan untuk kecamatan %1 %2 (stasiun %3); operator TI: %4.</translation>
    </message>
    <message>
        <source>add-user needs a NAME and --role clerk, supervisor or admin.</source>
        <translation>add-user memerlukan NAMA dan --role clerk, supervisor atau admin.</translation>
    </message>
    <message>
        <source>There is more than one IT operator; say which one acts, with --as.</source>
        <translation>Ada lebih dari satu operator TI; sebutkan siapa yang bertindak, dengan --as.</translation>
    </message>
    <message>
        <source>Password for the new account %1:</source>
        <translation>Kata sandi untuk akun baru %1:</translation>
    </message>
    <message>
        <source>Account %1 created (%2).</source>
        <translation>Akun %1 dibuat (%2).</translation>
    </message>
    <message>
        <source>import-regions needs the path of a kode,nama CSV file.</source>
        <translation>import-regions memerlukan path file CSV kode,nama.</translation>
    </message>
    <message>
        <source>%1 region codes imported.</source>
        <translation>%1 kode wilayah diimpor.</translation>
    </message>
    <message>
        <source>This PC is enrolled with %1.</source>
        <translation>PC ini terdaftar di %1.</translation>
    </message>
    <message>
        <source>import-applications needs the path of a JSON file.</source>
        <translation>import-applications memerlukan path file JSON.</translation>
    </message>
    <message>
        <source>%1 could not be read (%2).</source>
        <translation>%1 tidak dapat dibaca (%2).</translation>
    </message>
    <message numerus="yes">
        <source>%n application(s) imported:</source>
        <translation>
            <numerusform>%n permohonan diimpor:</numerusform>
        </translation>
    </message>
    <message>
        <source>approve needs --all; single applications are approved in the desktop program.</source>
        <translation>approve memerlukan --all; permohonan satu per satu disetujui di program desktop.</translation>
    </message>
    <message numerus="yes">
        <source>%n application(s) approved.</source>
        <translation>
            <numerusform>%n permohonan disetujui.</numerusform>
        </translation>
    </message>
    <message>
        <source>Batches sent: %1; accepted: %2; rejected: %3; status changes: %4.</source>
        <translation>Batch terkirim: %1; diterima: %2; ditolak: %3; perubahan status: %4.</translation>
    </message>
    <message>
        <source>Rejected: %1</source>
        <translation>Ditolak: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n application(s).</source>
        <translation>
            <numerusform>%n permohonan.</numerusform>
        </translation>
    </message>
    <message>
        <source>nik needs one or more numbers.</source>
        <translation>nik memerlukan satu nomor atau lebih.</translation>
    </message>
    <message>
        <source>enrol needs --server URL, --code CODE and --as ADMIN.</source>
        <translation>enrol memerlukan --server URL, --code KODE dan --as ADMIN.</translation>
    </message>
    <message>
        <source>reset-password needs the NAME of the account and --as ADMIN.</source>
        <translation>reset-password memerlukan NAMA akun dan --as ADMIN.</translation>
    </message>
    <message>
        <source>New password for %1:</source>
        <translation>Kata sandi baru untuk %1:</translation>
    </message>
    <message>
        <source>%1 has a new password and may sign in with it now.</source>
        <translation>%1 sudah memiliki kata sandi baru dan dapat masuk dengan kata sandi itu sekarang.</translation>
    </message>
    <message>
        <source>enable-user needs the NAME of the account and --as ADMIN.</source>
        <translation>enable-user memerlukan NAMA akun dan --as ADMIN.</translation>
    </message>
    <message>
        <source>disable-user needs the NAME of the account and --as ADMIN.</source>
        <translation>disable-user memerlukan NAMA akun dan --as ADMIN.</translation>
    </message>
    <message>
        <source>%1 may sign in again.</source>
        <translation>%1 dapat masuk kembali.</translation>
    </message>
    <message>
        <source>%1 can no longer sign in; their work stays on record.</source>
        <translation>%1 tidak dapat masuk lagi; pekerjaannya tetap tercatat.</translation>
    </message>
    <message>
        <source>active</source>
        <translation>aktif</translation>
    </message>
    <message>
        <source>disabled</source>
        <translation>nonaktif</translation>
    </message>
    <message>
        <source>locked until %1</source>
        <translation>terkunci sampai %1</translation>
    </message>
    <message>
        <source>backup needs the path of the file to write, or --daily.</source>
        <translation>backup memerlukan path file yang akan ditulis, atau --daily.</translation>
    </message>
    <message>
        <source>Passphrase for the backup:</source>
        <translation>Frasa sandi untuk cadangan:</translation>
    </message>
    <message>
        <source>Backup written to %1. Keep the passphrase apart from the file: without it the backup cannot be restored.</source>
        <translation>Cadangan ditulis ke %1. Simpan frasa sandinya terpisah dari file: tanpa frasa sandi itu cadangan tidak dapat dipulihkan.</translation>
    </message>
    <message>
        <source>No passphrase for automatic backups is set on this PC. The IT operator sets it once with sipelanduk-ctl backup-settings.</source>
        <translation>Belum ada frasa sandi untuk cadangan otomatis di PC ini. Operator TI menetapkannya sekali dengan sipelanduk-ctl backup-settings.</translation>
    </message>
    <message>
        <source>Backup written to %1.</source>
        <translation>Cadangan ditulis ke %1.</translation>
    </message>
    <message>
        <source>Today&apos;s backup %1 is already there.</source>
        <translation>Cadangan hari ini, %1, sudah ada.</translation>
    </message>
    <message numerus="yes">
        <source>%n older backup(s) removed.</source>
        <translation>
            <numerusform>%n cadangan lama dihapus.</numerusform>
        </translation>
    </message>
    <message>
        <source>backup-settings needs --keep-days N and --as ADMIN.</source>
        <translation>backup-settings memerlukan --keep-days N dan --as ADMIN.</translation>
    </message>
    <message>
        <source>Passphrase for automatic backups (at least %1 characters):</source>
        <translation>Frasa sandi untuk cadangan otomatis (paling sedikit %1 karakter):</translation>
    </message>
    <message numerus="yes">
        <source>Daily backups are kept for %n day(s). Their passphrase is in this PC&apos;s keychain; write it down and keep it apart from the PC, because a restore on a new PC needs it.</source>
        <translation>
            <numerusform>Cadangan harian disimpan selama %n hari. Frasa sandinya ada di keychain PC ini; catat dan simpan terpisah dari PC, karena pemulihan di PC baru memerlukannya.</numerusform>
        </translation>
    </message>
    <message>
        <source>restore needs the path of a backup file, and --data-dir with a new or empty folder.</source>
        <translation>restore memerlukan path file cadangan, dan --data-dir dengan folder baru atau kosong.</translation>
    </message>
    <message>
        <source>Passphrase of the backup:</source>
        <translation>Frasa sandi cadangan:</translation>
    </message>
    <message>
        <source>The backup of kecamatan %1 made on %2 UTC is restored in %3.</source>
        <translation>Cadangan kecamatan %1 yang dibuat pada %2 UTC sudah dipulihkan di %3.</translation>
    </message>
    <message>
        <source>This PC now has station %1 (the backup&apos;s PC had %2), so the two never hand out the same registration number.</source>
        <translation>PC ini sekarang berstasiun %1 (PC asal cadangan berstasiun %2), sehingga keduanya tidak pernah memberikan nomor registrasi yang sama.</translation>
    </message>
    <message>
        <source>Enrol this PC with the central server again (sipelanduk-ctl enrol): the enrolment stayed with the old PC. Set the passphrase for daily backups again as well (sipelanduk-ctl backup-settings).</source>
        <translation>Daftarkan PC ini ke server pusat lagi (sipelanduk-ctl enrol): pendaftarannya tetap milik PC lama. Tetapkan juga frasa sandi cadangan harian lagi (sipelanduk-ctl backup-settings).</translation>
    </message>
    <message>
        <source>audit needs verify, or person NIK --out FOLDER.</source>
        <translation>audit memerlukan verify, atau person NIK --out FOLDER.</translation>
    </message>
    <message numerus="yes">
        <source>The audit trail is whole: %n entries, none changed, removed or moved.</source>
        <translation>
            <numerusform>Jejak audit utuh: %n entri, tidak ada yang diubah, dihapus, atau dipindahkan.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The audit trail was tampered with at %n place(s); see above.</source>
        <translation>
            <numerusform>Jejak audit telah dimanipulasi di %n tempat; lihat rinciannya di atas.</numerusform>
        </translation>
    </message>
    <message>
        <source>audit person needs one NIK and --out FOLDER.</source>
        <translation>audit person memerlukan satu NIK dan --out FOLDER.</translation>
    </message>
    <message>
        <source>The folder %1 could not be created.</source>
        <translation>Folder %1 tidak dapat dibuat.</translation>
    </message>
    <message>
        <source>%1 could not be written (%2).</source>
        <translation>%1 tidak dapat ditulis (%2).</translation>
    </message>
    <message>
        <source>Processing of personal data</source>
        <translation>Pemrosesan data pribadi</translation>
    </message>
    <message>
        <source>report on the processing of NIK %1</source>
        <translation>laporan pemrosesan data NIK %1</translation>
    </message>
    <message numerus="yes">
        <source>%n entries written to %1.csv and %1.pdf.</source>
        <translation>
            <numerusform>%n entri ditulis ke %1.csv dan %1.pdf.</numerusform>
        </translation>
    </message>
    <message>
        <source>--days needs a whole number of days.</source>
        <translation>--days memerlukan jumlah hari berupa bilangan bulat.</translation>
    </message>
    <message numerus="yes">
        <source>Personal data of %n handed-over application(s) deleted (retention: %1 days).</source>
        <translation>
            <numerusform>Data pribadi dari %n permohonan yang dokumennya sudah diserahkan telah dihapus (masa simpan: %1 hari).</numerusform>
        </translation>
    </message>
    <message>
        <source>hand-over needs one registration number.</source>
        <translation>hand-over memerlukan satu nomor registrasi.</translation>
    </message>
    <message>
        <source>There is no application %1 on this PC.</source>
        <translation>Tidak ada permohonan %1 di PC ini.</translation>
    </message>
    <message>
        <source>Application %1 was handed over.</source>
        <translation>Dokumen permohonan %1 sudah diserahkan.</translation>
    </message>
    <message>
        <source>encrypted-disk takes required or optional, or nothing to show the state.</source>
        <translation>encrypted-disk menerima required atau optional, atau tanpa argumen untuk menampilkan keadaannya.</translation>
    </message>
    <message>
        <source>encrypted</source>
        <translation>terenkripsi</translation>
    </message>
    <message>
        <source>not encrypted</source>
        <translation>tidak terenkripsi</translation>
    </message>
    <message>
        <source>of unknown encryption</source>
        <translation>tidak diketahui apakah terenkripsi</translation>
    </message>
    <message>
        <source>The data folder&apos;s disk is %1; encryption is %2.</source>
        <translation>Disk folder data %1; enkripsi %2.</translation>
    </message>
    <message>
        <source>required</source>
        <translation>wajib</translation>
    </message>
    <message>
        <source>optional</source>
        <translation>tidak wajib</translation>
    </message>
    <message>
        <source>, required</source>
        <translation>, wajib</translation>
    </message>
    <message>
        <source>The service catalogue built into this program could not be read.</source>
        <translation>Katalog layanan bawaan program ini tidak dapat dibaca.</translation>
    </message>
    <message>
        <source>search needs a NIK, KK number, registration number or name.</source>
        <translation>search memerlukan NIK, nomor KK, nomor registrasi atau nama.</translation>
    </message>
    <message numerus="yes">
        <source>%n application(s) found.</source>
        <translation>
            <numerusform>%n permohonan ditemukan.</numerusform>
        </translation>
    </message>
    <message>
        <source>set-ca-file needs the path of the regency&apos;s CA certificate file.</source>
        <translation>set-ca-file memerlukan path file sertifikat CA milik kabupaten.</translation>
    </message>
    <message>
        <source>Trusted for the central server: %1 (valid until %2).</source>
        <translation>Dipercaya untuk server pusat: %1 (berlaku sampai %2).</translation>
    </message>
    <message>
        <source>%1 of %2 application(s) answered by the server.</source>
        <translation>%1 dari %2 permohonan sudah dijawab server.</translation>
    </message>
    <message>
        <source>Not sent: %1: %2</source>
        <translation>Tidak terkirim: %1: %2</translation>
    </message>
    <message>
        <source>The server asked to wait until %1 before the next sync.</source>
        <translation>Server meminta untuk menunggu sampai %1 sebelum sinkronisasi berikutnya.</translation>
    </message>
    <message>
        <source>queue takes --limit from 1 to %1 and --offset from 0; page through a longer queue with --offset.</source>
        <translation>queue menerima --limit dari 1 sampai %1 dan --offset dari 0; telusuri antrean yang lebih panjang dengan --offset.</translation>
    </message>
    <message>
        <source>Shown: %1 to %2 of %3 application(s) in the queue.</source>
        <translation>Ditampilkan: %1 sampai %2 dari %3 permohonan dalam antrean.</translation>
    </message>
    <message numerus="yes">
        <source>The desktop program syncs every %n minute(s).</source>
        <translation>
            <numerusform>Program desktop menyinkronkan setiap %n menit.</numerusform>
        </translation>
    </message>
    <message>
        <source>Automatic sync is off; the desktop program syncs on demand.</source>
        <translation>Sinkronisasi otomatis mati; program desktop menyinkronkan bila diminta.</translation>
    </message>
    <message>
        <source>sync-schedule takes the interval in whole minutes, 0 for off.</source>
        <translation>sync-schedule menerima selang dalam menit bulat, 0 untuk mati.</translation>
    </message>
    <message>
        <source>  (retired: no new applications)</source>
        <translation>  (dihentikan: tidak ada permohonan baru)</translation>
    </message>
    <message>
        <source>SIPELANDUK_TEST_CLOCK_OFFSET_SECONDS shifts this run&apos;s clock by %1 seconds. It exists for tests only; unset it.</source>
        <translation>SIPELANDUK_TEST_CLOCK_OFFSET_SECONDS menggeser jam proses ini sebanyak %1 detik. Variabel ini hanya untuk pengujian; hapuslah.</translation>
    </message>
    <message>
        <source>Master data: %1</source>
        <translation>Data induk: %1</translation>
    </message>
    <message>
        <source>%1: version %2 from the central server, published %3, pulled %4.</source>
        <translation>%1: versi %2 dari server pusat, diterbitkan %3, diambil %4.</translation>
    </message>
    <message>
        <source>%1: the table this PC was set up with (%2 regions); none pulled yet.</source>
        <translation>%1: tabel saat PC ini disiapkan (%2 wilayah); belum ada yang diambil dari server pusat.</translation>
    </message>
    <message>
        <source>%1: version %2, built into the program.</source>
        <translation>%1: versi %2, bawaan program.</translation>
    </message>
    <message>
        <source>sync-settings takes NAME=VALUE, such as stall-timeout=60; &quot;%1&quot; is not one.</source>
        <translation>sync-settings menerima NAMA=NILAI, misalnya stall-timeout=60; &quot;%1&quot; bukan bentuk itu.</translation>
    </message>
    <message>
        <source>sync-settings knows connect-timeout, stall-timeout and retry-wait (seconds) and attempts (a whole number), not &quot;%1&quot;.</source>
        <translation>sync-settings mengenal connect-timeout, stall-timeout dan retry-wait (detik) serta attempts (bilangan bulat), bukan &quot;%1&quot;.</translation>
    </message>
    <message>
        <source>A connection must come up within %1 s; a transfer in which nothing moves for %2 s is given up. A request that fails on the way is tried up to %3 times, first after about %4 s, then twice as long each time.</source>
        <translation>Koneksi harus tersambung dalam %1 detik; pengiriman yang tidak bergerak selama %2 detik dihentikan. Permintaan yang gagal di jalan dicoba paling banyak %3 kali, pertama setelah sekitar %4 detik, lalu dua kali lebih lama setiap kali.</translation>
    </message>
    <message>
        <source>There is no Sipelanduk data in %1. Check --data-dir, or set the office up there first with init.</source>
        <translation>Tidak ada data Sipelanduk di %1. Periksa --data-dir, atau siapkan kantor di sana dulu dengan init.</translation>
    </message>
    <message>
        <source>Nothing is waiting to be sent, and nothing was sent in the last 7 days.</source>
        <translation>Tidak ada yang menunggu dikirim, dan tidak ada yang dikirim dalam 7 hari terakhir.</translation>
    </message>
    <message numerus="yes">
        <source>The queue holds %n application(s); --offset %1 is past its end.</source>
        <translation>
            <numerusform>Antrean berisi %n permohonan; --offset %1 melewati ujungnya.</numerusform>
        </translation>
    </message>
    <message>
        <source>Today&apos;s backup into the data folder&apos;s backups/</source>
        <translation>Cadangan hari ini ke backups/ di folder data</translation>
    </message>
    <message>
        <source>Days that daily backups are kept</source>
        <translation>Berapa hari cadangan harian disimpan</translation>
    </message>
    <message>
        <source>Data folder (default: the platform&apos;s)</source>
        <translation>Folder data (bawaan: folder standar sistem operasi)</translation>
    </message>
    <message>
        <source>Print data as JSON</source>
        <translation>Cetak data sebagai JSON</translation>
    </message>
    <message>
        <source>Kecamatan code, e.g. 19.04.01</source>
        <translation>Kode kecamatan, mis. 19.04.01</translation>
    </message>
    <message>
        <source>Name of the first IT operator</source>
        <translation>Nama operator TI pertama</translation>
    </message>
    <message>
        <source>clerk, supervisor or admin</source>
        <translation>clerk, supervisor atau admin</translation>
    </message>
    <message>
        <source>Act as this account</source>
        <translation>Bertindak sebagai akun ini</translation>
    </message>
    <message>
        <source>Central server address</source>
        <translation>Alamat server pusat</translation>
    </message>
    <message>
        <source>One-time enrolment code</source>
        <translation>Kode pendaftaran sekali pakai</translation>
    </message>
    <message>
        <source>The regency&apos;s CA certificate file</source>
        <translation>Berkas sertifikat CA kabupaten</translation>
    </message>
    <message>
        <source>Every application that qualifies</source>
        <translation>Semua permohonan yang memenuhi syarat</translation>
    </message>
    <message>
        <source>Keep imported applications as drafts</source>
        <translation>Simpan permohonan yang diimpor sebagai draf</translation>
    </message>
    <message>
        <source>Folder to write reports to</source>
        <translation>Folder tujuan laporan</translation>
    </message>
    <message>
        <source>Retention period in days</source>
        <translation>Masa retensi dalam hari</translation>
    </message>
    <message>
        <source>At most N items (queue: 100 by default)</source>
        <translation>Paling banyak N butir (queue: bawaan 100)</translation>
    </message>
    <message>
        <source>Skip the first N items</source>
        <translation>Lewati N butir pertama</translation>
    </message>
    <message>
        <source>set up this PC (password on stdin or SIPELANDUK_PASSWORD)</source>
        <translation>siapkan PC ini (kata sandi lewat stdin atau SIPELANDUK_PASSWORD)</translation>
    </message>
    <message>
        <source>new account; the admin&apos;s password, then the new one</source>
        <translation>akun baru; kata sandi admin, lalu kata sandi baru</translation>
    </message>
    <message>
        <source>new password; the admin&apos;s password, then the new one</source>
        <translation>kata sandi baru; kata sandi admin, lalu kata sandi baru</translation>
    </message>
    <message>
        <source>NAME can no longer sign in; their history stays</source>
        <translation>NAME tidak dapat masuk lagi; riwayatnya tetap ada</translation>
    </message>
    <message>
        <source>NAME may sign in again</source>
        <translation>NAME boleh masuk lagi</translation>
    </message>
    <message>
        <source>accounts: role, active, locked until</source>
        <translation>akun: peran, aktif, terkunci sampai</translation>
    </message>
    <message>
        <source>load the national region table (kode,nama CSV)</source>
        <translation>muat tabel wilayah nasional (CSV kode,nama)</translation>
    </message>
    <message>
        <source>enrol this PC with the central server; --ca-file when the regency signs its server&apos;s certificate itself</source>
        <translation>daftarkan PC ini ke server pusat; --ca-file bila kabupaten menandatangani sendiri sertifikat servernya</translation>
    </message>
    <message>
        <source>trust the regency&apos;s CA certificate(s) in FILE from now on</source>
        <translation>mulai sekarang percayai sertifikat CA kabupaten dalam FILE</translation>
    </message>
    <message>
        <source>capture and submit applications from a JSON file</source>
        <translation>rekam dan ajukan permohonan dari berkas JSON</translation>
    </message>
    <message>
        <source>approve every submitted application</source>
        <translation>setujui semua permohonan yang diajukan</translation>
    </message>
    <message>
        <source>send approved batches, fetch status and master data; progress on stderr</source>
        <translation>kirim batch yang disetujui, ambil status dan data induk; kemajuan di stderr</translation>
    </message>
    <message>
        <source>applications waiting or recently sent: state and reason</source>
        <translation>permohonan yang menunggu atau baru dikirim: status dan alasan</translation>
    </message>
    <message>
        <source>show or set the automatic sync interval (0 = off)</source>
        <translation>tampilkan atau atur selang sinkronisasi otomatis (0 = mati)</translation>
    </message>
    <message>
        <source>show or set how patient sync is: connect-timeout, stall-timeout and retry-wait in seconds, attempts</source>
        <translation>tampilkan atau atur kesabaran sinkronisasi: connect-timeout, stall-timeout dan retry-wait dalam detik, attempts</translation>
    </message>
    <message>
        <source>applications and their state</source>
        <translation>permohonan dan statusnya</translation>
    </message>
    <message>
        <source>versions of the code lists, catalogue and regions in use, and what their last pull changed</source>
        <translation>versi daftar kode, katalog dan wilayah yang dipakai, serta apa yang diubah pengambilan terakhir</translation>
    </message>
    <message>
        <source>by NIK, KK number, registration number or name</source>
        <translation>menurut NIK, nomor KK, nomor registrasi atau nama</translation>
    </message>
    <message>
        <source>check identity numbers</source>
        <translation>periksa nomor induk kependudukan</translation>
    </message>
    <message>
        <source>the service catalogue in use: fields and required documents</source>
        <translation>katalog layanan yang dipakai: isian dan dokumen wajib</translation>
    </message>
    <message>
        <source>the resident took the finished document</source>
        <translation>warga telah mengambil dokumen yang selesai</translation>
    </message>
    <message>
        <source>delete personal data whose retention has ended</source>
        <translation>hapus data pribadi yang masa retensinya berakhir</translation>
    </message>
    <message>
        <source>show or set whether the data must be on an encrypted disk</source>
        <translation>tampilkan atau atur apakah data wajib berada di disk terenkripsi</translation>
    </message>
    <message>
        <source>check that the audit trail was not tampered with</source>
        <translation>periksa bahwa jejak audit tidak diubah</translation>
    </message>
    <message>
        <source>what was done with one person&apos;s data (CSV and PDF)</source>
        <translation>apa yang dilakukan terhadap data satu orang (CSV dan PDF)</translation>
    </message>
    <message>
        <source>encrypted copy of the data, also while the program runs (passphrase on stdin or SIPELANDUK_BACKUP_PASSPHRASE)</source>
        <translation>salinan data terenkripsi, juga saat program berjalan (frasa sandi lewat stdin atau SIPELANDUK_BACKUP_PASSPHRASE)</translation>
    </message>
    <message>
        <source>today&apos;s backup into the data folder&apos;s backups/, for a scheduled task; the passphrase comes from the keychain</source>
        <translation>cadangan hari ini ke backups/ di folder data, untuk tugas terjadwal; frasa sandi diambil dari keychain</translation>
    </message>
    <message>
        <source>how long daily backups are kept, and their passphrase</source>
        <translation>berapa lama cadangan harian disimpan, dan frasa sandinya</translation>
    </message>
    <message>
        <source>a backup into --data-dir, a new or empty folder</source>
        <translation>cadangan ke --data-dir, folder baru atau kosong</translation>
    </message>
    <message>
        <source>Commands:</source>
        <translation>Perintah:</translation>
    </message>
    <message>
        <source>command</source>
        <translation>perintah</translation>
    </message>
    <message>
        <source>read the central server&apos;s status changes again from the start, after the server was restored from a backup</source>
        <translation>baca lagi perubahan status dari server pusat sejak awal, setelah server dipulihkan dari cadangan</translation>
    </message>
    <message>
        <source>The next sync reads the central server&apos;s status changes for this office from the start.</source>
        <translation>Sinkronisasi berikutnya membaca perubahan status dari server pusat untuk kantor ini sejak awal.</translation>
    </message>
</context>
<context>
    <name>Database</name>
    <message>
        <source>The local database could not %1 (%2). Nothing was changed; try again, and call the IT operator if it keeps happening.</source>
        <translation>Basis data lokal tidak dapat %1 (%2). Tidak ada yang diubah; coba lagi, dan hubungi operator TI jika terus terjadi.</translation>
    </message>
    <message>
        <source>The data folder %1 could not be created. Check that the disk is not full and that this user may write there.</source>
        <translation>Folder data %1 tidak dapat dibuat. Pastikan disk tidak penuh dan pengguna ini boleh menulis di folder itu.</translation>
    </message>
    <message>
        <source>Another Sipelanduk program is already using the data folder %1. Close it first, or choose another folder.</source>
        <translation>Program Sipelanduk lain sedang memakai folder data %1. Tutup program itu dulu, atau pilih folder lain.</translation>
    </message>
    <message>
        <source>The database in %1 could not be opened (%2).</source>
        <translation>Basis data di %1 tidak dapat dibuka (%2).</translation>
    </message>
    <message>
        <source>prepare the database</source>
        <translation>menyiapkan basis data</translation>
    </message>
    <message>
        <source>The database in %1 was written by a newer version of Sipelanduk (schema %2; this program knows up to %3). Install the newer version; the data was not touched.</source>
        <translation>Basis data di %1 ditulis oleh versi Sipelanduk yang lebih baru (skema %2; program ini hanya mengenal sampai %3). Pasang versi yang lebih baru; data tidak diubah.</translation>
    </message>
    <message>
        <source>Migration %1 is missing from this program.</source>
        <translation>Migrasi %1 tidak ada dalam program ini.</translation>
    </message>
    <message>
        <source>upgrade its schema to version %1</source>
        <translation>memperbarui skemanya ke versi %1</translation>
    </message>
    <message>
        <source>record schema version %1</source>
        <translation>mencatat versi skema %1</translation>
    </message>
    <message>
        <source>start a transaction</source>
        <translation>memulai transaksi</translation>
    </message>
    <message>
        <source>save the change</source>
        <translation>menyimpan perubahan</translation>
    </message>
    <message>
        <source>save the setting %1</source>
        <translation>menyimpan pengaturan %1</translation>
    </message>
    <message>
        <source>There is no transaction to save.</source>
        <translation>Tidak ada transaksi untuk disimpan.</translation>
    </message>
    <message>
        <source>The database %1 is damaged (%2) and cannot be used. No backup was found in %3: ask the IT operator for the latest backup file and restore it with sipelanduk-ctl restore.</source>
        <translation>Basis data %1 rusak (%2) dan tidak dapat dipakai. Tidak ada cadangan di %3: minta file cadangan terbaru kepada operator TI dan pulihkan dengan sipelanduk-ctl restore.</translation>
    </message>
    <message>
        <source>The database %1 is damaged (%2) and cannot be used. Restore the latest backup, %3, with sipelanduk-ctl restore, or let the desktop program restore it.</source>
        <translation>Basis data %1 rusak (%2) dan tidak dapat dipakai. Pulihkan cadangan terbaru, %3, dengan sipelanduk-ctl restore, atau biarkan program desktop memulihkannya.</translation>
    </message>
    <message>
        <source>There is no Sipelanduk database in %1. Check the data folder (--data-dir).</source>
        <translation>Tidak ada basis data Sipelanduk di %1. Periksa folder datanya (--data-dir).</translation>
    </message>
    <message>
        <source>check itself</source>
        <translation>memeriksa dirinya</translation>
    </message>
    <message>
        <source>the check gave no answer</source>
        <translation>pemeriksaan tidak memberi jawaban</translation>
    </message>
    <message>
        <source>The database in %1 is at schema version %2 and this program needs %3. Close the desktop program and run the command again.</source>
        <translation>Basis data di %1 berada pada versi skema %2, sedangkan program ini memerlukan %3. Tutup program desktop, lalu jalankan perintahnya lagi.</translation>
    </message>
    <message>
        <source>The database file %1 is missing or empty, although this folder held one. Nothing was created in its place. Restore the latest backup (sipelanduk-ctl restore) or ask the IT operator.</source>
        <translation>File basis data %1 hilang atau kosong, padahal folder ini pernah memilikinya. Tidak ada yang dibuat sebagai gantinya. Pulihkan cadangan terbaru (sipelanduk-ctl restore) atau hubungi operator TI.</translation>
    </message>
</context>
<context>
    <name>DiskPolicy</name>
    <message>
        <source>The data folder %1 is on a disk that is not encrypted, and this office requires encryption for residents&apos; data. Move the data folder to an encrypted disk (BitLocker, LUKS), or ask the regency&apos;s IT staff.</source>
        <translation>Folder data %1 berada di disk yang tidak terenkripsi, sedangkan kantor ini mewajibkan enkripsi untuk data penduduk. Pindahkan folder data ke disk yang terenkripsi (BitLocker, LUKS), atau minta bantuan staf TI kabupaten.</translation>
    </message>
</context>
<context>
    <name>Gzip</name>
    <message>
        <source>The compressed body is damaged or cut off; send it again.</source>
        <translation>Isi yang dimampatkan rusak atau terpotong; kirim lagi.</translation>
    </message>
    <message>
        <source>The compressed body unpacks to more than %1 MB; send fewer applications per batch.</source>
        <translation>Isi yang dimampatkan menjadi lebih dari %1 MB setelah dibuka; kirim lebih sedikit permohonan per kiriman.</translation>
    </message>
</context>
<context>
    <name>Keychain</name>
    <message>
        <source>No secret is stored for this PC yet. The IT operator must enrol it with the central server first.</source>
        <translation>Belum ada kunci rahasia yang tersimpan untuk PC ini. Operator TI harus mendaftarkannya ke server pusat terlebih dahulu.</translation>
    </message>
    <message>
        <source>The system keychain could not be used (%1). Make sure the desktop session&apos;s keyring is running and unlocked, then try again.</source>
        <translation>Keychain sistem tidak dapat digunakan (%1). Pastikan keyring sesi desktop berjalan dan tidak terkunci, lalu coba lagi.</translation>
    </message>
</context>
<context>
    <name>MasterData</name>
    <message>
        <source>the code lists</source>
        <translation>daftar kode</translation>
    </message>
    <message>
        <source>the service catalogue</source>
        <translation>katalog layanan</translation>
    </message>
    <message>
        <source>the region table</source>
        <translation>tabel wilayah</translation>
    </message>
    <message>
        <source>The catalogue in use names a code list or a code these code lists lack.</source>
        <translation>Katalog yang berlaku menyebut daftar kode atau kode yang tidak ada dalam daftar kode ini.</translation>
    </message>
    <message>
        <source>The service %1 is missing. A service the office no longer takes stays in the catalogue with &quot;retired&quot;: true, so that applications captured for it can still be completed.</source>
        <translation>Layanan %1 tidak ada. Layanan yang tidak lagi dilayani tetap ada di katalog dengan &quot;retired&quot;: true, agar permohonan yang sudah direkam untuk layanan itu tetap dapat diselesaikan.</translation>
    </message>
    <message>
        <source>Unknown kind of master data.</source>
        <translation>Jenis data induk tidak dikenal.</translation>
    </message>
    <message>
        <source>Version %1 of %2 from the central server was refused: %3 This PC keeps working with the version it has; tell the central office.</source>
        <translation>Versi %1 %2 dari server pusat ditolak: %3 PC ini tetap bekerja dengan versi yang dimilikinya; beri tahu kantor pusat.</translation>
    </message>
    <message>
        <source>Its content does not match its SHA-256, so it was damaged on the way.</source>
        <translation>Isinya tidak sesuai dengan SHA-256-nya, jadi isi itu rusak di jalan.</translation>
    </message>
    <message>
        <source>The file names version %1 inside, but was published as version %2.</source>
        <translation>File ini menyebut versi %1 di dalamnya, tetapi diterbitkan sebagai versi %2.</translation>
    </message>
    <message>
        <source>store version %1 of %2</source>
        <translation>menyimpan versi %1 %2</translation>
    </message>
    <message>
        <source>Region table version %1: %2 regions; %3 added, %4 removed, %5 renamed.</source>
        <translation>Tabel wilayah versi %1: %2 wilayah; %3 ditambahkan, %4 dihapus, %5 berganti nama.</translation>
    </message>
    <message>
        <source>Renamed: %1 %2 is now %3.</source>
        <translation>Berganti nama: %1 %2 sekarang %3.</translation>
    </message>
    <message>
        <source>Service catalogue version %1 (before: %2), %3 services.</source>
        <translation>Katalog layanan versi %1 (sebelumnya: %2), %3 layanan.</translation>
    </message>
    <message>
        <source>Code lists version %1 (before: %2), %3 lists.</source>
        <translation>Daftar kode versi %1 (sebelumnya: %2), %3 daftar.</translation>
    </message>
    <message>
        <source>New: %1.</source>
        <translation>Baru: %1.</translation>
    </message>
    <message>
        <source>Retired: %1; no new application can be started for it.</source>
        <translation>Dihentikan: %1; tidak dapat lagi dimulai permohonan baru untuknya.</translation>
    </message>
    <message>
        <source>Changed: %1.</source>
        <translation>Berubah: %1.</translation>
    </message>
    <message>
        <source>Removed: %1.</source>
        <translation>Dihapus: %1.</translation>
    </message>
</context>
<context>
    <name>Nik</name>
    <message>
        <source>The number is empty; a NIK has 16 digits.</source>
        <translation>Nomor masih kosong; NIK terdiri atas 16 digit.</translation>
    </message>
    <message>
        <source>The number may only hold the digits 0 to 9; check for a letter such as I or O typed in place of 1 or 0.</source>
        <translation>Nomor hanya boleh berisi angka 0 sampai 9; periksa apakah ada huruf seperti I atau O yang terketik sebagai ganti 1 atau 0.</translation>
    </message>
    <message>
        <source>The number has %1 digits; a NIK has exactly 16. Check for a missing or extra digit.</source>
        <translation>Nomor berisi %1 digit; NIK harus tepat 16 digit. Periksa apakah ada digit yang kurang atau lebih.</translation>
    </message>
    <message>
        <source>Digits 7 and 8 (%1) are not a day of birth: men have 01 to 31, women 41 to 71.</source>
        <translation>Digit ke-7 dan ke-8 (%1) bukan tanggal lahir: laki-laki 01 sampai 31, perempuan 41 sampai 71.</translation>
    </message>
    <message>
        <source>Digits 9 and 10 (%1) are not a month; a month is 01 to 12.</source>
        <translation>Digit ke-9 dan ke-10 (%1) bukan bulan; bulan adalah 01 sampai 12.</translation>
    </message>
    <message>
        <source>The birth date in the number, %1-%2-%3, does not exist in the calendar.</source>
        <translation>Tanggal lahir dalam nomor, %1-%2-%3, tidak ada dalam kalender.</translation>
    </message>
    <message>
        <source>The serial (the last four digits) is 0000; serials start at 0001.</source>
        <translation>Nomor urut (empat digit terakhir) adalah 0000; nomor urut dimulai dari 0001.</translation>
    </message>
    <message>
        <source>The first two digits (%1) are not an Indonesian province.</source>
        <translation>Dua digit pertama (%1) bukan kode provinsi di Indonesia.</translation>
    </message>
    <message>
        <source>Kabupaten/kota %1 is not in the region table. Check the number against the card; if it is right, confirm it.</source>
        <translation>Kabupaten/kota %1 tidak ada dalam tabel wilayah. Cocokkan nomor dengan kartunya; jika sudah benar, konfirmasi.</translation>
    </message>
    <message>
        <source>Kecamatan %1 is not in the region table. Check the number against the card; if it is right, confirm it.</source>
        <translation>Kecamatan %1 tidak ada dalam tabel wilayah. Cocokkan nomor dengan kartunya; jika sudah benar, konfirmasi.</translation>
    </message>
    <message>
        <source>The NIK holds the birth date %1-%2-%3, the documents say %4. A NIK never changes; confirm that the documents are right.</source>
        <translation>NIK memuat tanggal lahir %1-%2-%3, sedangkan dokumen menyebut %4. NIK tidak pernah berubah; konfirmasi bahwa dokumen sudah benar.</translation>
    </message>
    <message>
        <source>The NIK is that of a %1, the documents say %2. Confirm that the documents are right.</source>
        <translation>NIK ini milik seorang %1, sedangkan dokumen menyebut %2. Konfirmasi bahwa dokumen sudah benar.</translation>
    </message>
    <message>
        <source>woman</source>
        <translation>perempuan</translation>
    </message>
    <message>
        <source>man</source>
        <translation>laki-laki</translation>
    </message>
    <message>
        <source>Digits 3 to 6 (%1) cannot be a kabupaten and kecamatan: codes start at 01.</source>
        <translation>Digit 3 sampai 6 (%1) tidak mungkin kode kabupaten dan kecamatan: kode dimulai dari 01.</translation>
    </message>
</context>
<context>
    <name>Office</name>
    <message>
        <source>This PC has not been set up yet. The IT operator sets the office first (sipelanduk-ctl init).</source>
        <translation>PC ini belum disiapkan. Operator TI harus menetapkan kantornya terlebih dahulu (sipelanduk-ctl init).</translation>
    </message>
    <message>
        <source>This PC is already set up for kecamatan %1.</source>
        <translation>PC ini sudah disiapkan untuk kecamatan %1.</translation>
    </message>
    <message>
        <source>%1 is not a kecamatan in the region table. Give the kecamatan code with dots, for example 19.04.01 for Koba.</source>
        <translation>%1 bukan kecamatan dalam tabel wilayah. Masukkan kode kecamatan dengan titik, misalnya 19.04.01 untuk Koba.</translation>
    </message>
    <message>
        <source>The security library could not start.</source>
        <translation>Pustaka keamanan tidak dapat dijalankan.</translation>
    </message>
    <message>
        <source>forget the enrolment</source>
        <translation>melupakan pendaftaran</translation>
    </message>
</context>
<context>
    <name>Outbox</name>
    <message>
        <source>read an application</source>
        <translation>membaca permohonan</translation>
    </message>
    <message>
        <source>update an application</source>
        <translation>memperbarui permohonan</translation>
    </message>
    <message>
        <source>close the batch for sending</source>
        <translation>menutup berkas untuk dikirim</translation>
    </message>
    <message>
        <source>read the batch</source>
        <translation>membaca berkas</translation>
    </message>
    <message>
        <source>The server answered for another batch than the one sent. Nothing was marked as sent; the batch will be sent again.</source>
        <translation>Server menjawab untuk berkas lain, bukan berkas yang dikirim. Tidak ada yang ditandai terkirim; berkas akan dikirim ulang.</translation>
    </message>
    <message>
        <source>mark the batch as sent</source>
        <translation>menandai berkas sebagai terkirim</translation>
    </message>
    <message>
        <source>record the failed attempt</source>
        <translation>mencatat percobaan yang gagal</translation>
    </message>
    <message>
        <source>status from the central server</source>
        <translation>status dari server pusat</translation>
    </message>
    <message>
        <source>record the sync run</source>
        <translation>mencatat proses sinkronisasi</translation>
    </message>
    <message>
        <source>The server&apos;s answer does not speak for the applications that were sent (%1 sent, %2 answered). Nothing was marked as sent; the batch will be sent again.</source>
        <translation>Jawaban server tidak mencakup permohonan yang dikirim (%1 dikirim, %2 dijawab). Tidak ada yang ditandai terkirim; berkas akan dikirim ulang.</translation>
    </message>
    <message>
        <source>The run was interrupted before it finished.</source>
        <translation>Sinkronisasi terputus sebelum selesai.</translation>
    </message>
    <message>
        <source>waiting</source>
        <translation>menunggu</translation>
    </message>
    <message>
        <source>sending</source>
        <translation>sedang dikirim</translation>
    </message>
    <message>
        <source>sent</source>
        <translation>terkirim</translation>
    </message>
    <message>
        <source>accepted</source>
        <translation>diterima</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation>ditolak</translation>
    </message>
    <message>
        <source>failed, will be tried again</source>
        <translation>gagal, akan dicoba lagi</translation>
    </message>
    <message>
        <source>The central server sent status changes without moving its list forward from number %1, so asking again would never end. This answer was not applied. Tell the regency&apos;s IT staff.</source>
        <translation>Server pusat mengirim perubahan status tanpa memajukan daftarnya dari nomor %1, sehingga meminta lagi tidak akan pernah selesai. Jawaban ini tidak diterapkan. Beri tahu staf TI kabupaten.</translation>
    </message>
    <message>
        <source>The central server&apos;s list of status changes went back from number %1 to %2; it may have been restored from a backup. This answer was not applied. Tell the regency&apos;s IT staff; once they confirm the restore, the IT operator reads the list again from its start (sipelanduk-ctl resync-status).</source>
        <translation>Daftar perubahan status di server pusat mundur dari nomor %1 ke %2; server mungkin dipulihkan dari cadangan. Jawaban ini tidak diterapkan. Beri tahu staf TI kabupaten; setelah mereka memastikan pemulihan itu, operator TI membaca lagi daftar itu dari awal (sipelanduk-ctl resync-status).</translation>
    </message>
</context>
<context>
    <name>PasswordPair</name>
    <message>
        <source>Password:</source>
        <translation>Kata sandi:</translation>
    </message>
    <message>
        <source>Password again:</source>
        <translation>Ulangi kata sandi:</translation>
    </message>
    <message>
        <source>The two passwords differ. Type the same password twice.</source>
        <translation>Kedua kata sandi berbeda. Ketik kata sandi yang sama dua kali.</translation>
    </message>
</context>
<context>
    <name>PdfDocument</name>
    <message>
        <source>%1 could not be written. Check that the folder exists and this user may write there.</source>
        <translation>%1 tidak dapat ditulis. Periksa bahwa foldernya ada dan pengguna ini boleh menulis di sana.</translation>
    </message>
</context>
<context>
    <name>Permissions</name>
    <message>
        <source>%1 is signed in as %2, who may not do this; it is work for: %3. Sign in with such an account.</source>
        <translation>%1 masuk sebagai %2, yang tidak boleh melakukan ini; ini tugas: %3. Masuklah dengan akun tersebut.</translation>
    </message>
    <message>
        <source> or </source>
        <translation> atau </translation>
    </message>
</context>
<context>
    <name>PersonReport</name>
    <message>
        <source>captured</source>
        <translation>direkam</translation>
    </message>
    <message>
        <source>changed</source>
        <translation>diubah</translation>
    </message>
    <message>
        <source>viewed</source>
        <translation>dilihat</translation>
    </message>
    <message>
        <source>submitted for approval</source>
        <translation>diajukan untuk persetujuan</translation>
    </message>
    <message>
        <source>approved</source>
        <translation>disetujui</translation>
    </message>
    <message>
        <source>returned for correction</source>
        <translation>dikembalikan untuk perbaikan</translation>
    </message>
    <message>
        <source>access refused</source>
        <translation>akses ditolak</translation>
    </message>
    <message>
        <source>printed</source>
        <translation>dicetak</translation>
    </message>
    <message>
        <source>exported</source>
        <translation>diekspor</translation>
    </message>
    <message>
        <source>sent to Disdukcapil</source>
        <translation>dikirim ke Disdukcapil</translation>
    </message>
    <message>
        <source>status from Disdukcapil</source>
        <translation>status dari Disdukcapil</translation>
    </message>
    <message>
        <source>handed over</source>
        <translation>diserahkan</translation>
    </message>
    <message>
        <source>personal data deleted</source>
        <translation>data pribadi dihapus</translation>
    </message>
    <message>
        <source>entry</source>
        <translation>entri</translation>
    </message>
    <message>
        <source>time</source>
        <translation>waktu</translation>
    </message>
    <message>
        <source>by</source>
        <translation>petugas</translation>
    </message>
    <message>
        <source>action</source>
        <translation>tindakan</translation>
    </message>
    <message>
        <source>registration number</source>
        <translation>nomor registrasi</translation>
    </message>
    <message>
        <source>detail</source>
        <translation>rincian</translation>
    </message>
    <message>
        <source>Nothing was recorded.</source>
        <translation>Tidak ada yang tercatat.</translation>
    </message>
    <message>
        <source>Processing of personal data</source>
        <translation>Pemrosesan data pribadi</translation>
    </message>
    <message>
        <source>NIK %1. Kantor camat %2. Made on %3.</source>
        <translation>NIK %1. Kantor camat %2. Dibuat pada %3.</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Waktu</translation>
    </message>
    <message>
        <source>By</source>
        <translation>Petugas</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Tindakan</translation>
    </message>
    <message>
        <source>Registration number</source>
        <translation>Nomor registrasi</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>Rincian</translation>
    </message>
    <message>
        <source>Every action on an application that names this NIK, from this PC&apos;s audit trail. Times are local.</source>
        <translation>Semua tindakan atas permohonan yang memuat NIK ini, menurut jejak audit PC ini. Waktu yang tercantum adalah waktu setempat.</translation>
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
    <message>
        <source>one of codelists, catalogue, regions</source>
        <translation>salah satu dari codelists, catalogue, regions</translation>
    </message>
    <message>
        <source>a UTC time exactly when the version is above 0</source>
        <translation>waktu UTC tepat ketika versinya di atas 0</translation>
    </message>
    <message>
        <source>a SHA-256 exactly when the version is above 0</source>
        <translation>SHA-256 tepat ketika versinya di atas 0</translation>
    </message>
    <message>
        <source>null when the version is 0</source>
        <translation>null ketika versinya 0</translation>
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
        <source>HTTPS needs both --tls-cert FILE and --tls-key FILE.</source>
        <translation>HTTPS memerlukan --tls-cert FILE dan --tls-key FILE sekaligus.</translation>
    </message>
    <message>
        <source>What to publish is codelists, catalogue or regions, not &quot;%1&quot;.</source>
        <translation>Yang dapat diterbitkan adalah codelists, catalogue atau regions, bukan &quot;%1&quot;.</translation>
    </message>
    <message>
        <source>%1 could not be read (%2).</source>
        <translation>%1 tidak dapat dibaca (%2).</translation>
    </message>
    <message>
        <source>Published version %1 of %2 (%3 items); counter PCs take it at their next sync.</source>
        <translation>Versi %1 %2 diterbitkan (%3 butir); PC loket mengambilnya pada sinkronisasi berikutnya.</translation>
    </message>
    <message>
        <source>%1 now has the status &quot;%2&quot;.</source>
        <translation>%1 kini berstatus &quot;%2&quot;.</translation>
    </message>
</context>
<context>
    <name>ReceiptDocument</name>
    <message>
        <source>The receipt could not be printed: %1.</source>
        <translation>Tanda terima tidak dapat dicetak: %1.</translation>
    </message>
    <message>
        <source>the QR code could not be made</source>
        <translation>kode QR tidak dapat dibuat</translation>
    </message>
    <message>
        <source>the printer or file did not open</source>
        <translation>printer atau file tidak dapat dibuka</translation>
    </message>
    <message>
        <source>%1 could not be written. Check that the folder exists and this user may write there.</source>
        <translation>%1 tidak dapat ditulis. Periksa apakah foldernya ada dan pengguna ini boleh menulis di sana.</translation>
    </message>
</context>
<context>
    <name>Receipts</name>
    <message>
        <source>The application has no registration number yet; save it before printing its receipt.</source>
        <translation>Permohonan belum memiliki nomor registrasi; simpan dulu sebelum mencetak tanda terimanya.</translation>
    </message>
    <message>
        <source>Application %1 was captured by another clerk; its receipt is printed by that clerk or a supervisor.</source>
        <translation>Permohonan %1 direkam oleh petugas lain; tanda terimanya dicetak oleh petugas itu atau kepala seksi pelayanan.</translation>
    </message>
</context>
<context>
    <name>RegionStore</name>
    <message>
        <source>The built-in region table is missing from this program.</source>
        <translation>Tabel wilayah bawaan tidak ada dalam program ini.</translation>
    </message>
    <message>
        <source>The region file %1 could not be read (%2).</source>
        <translation>File wilayah %1 tidak dapat dibaca (%2).</translation>
    </message>
    <message>
        <source>The CSV reader could not start.</source>
        <translation>Pembaca CSV tidak dapat dijalankan.</translation>
    </message>
    <message>
        <source>Line %1 of the region file is not valid CSV (a quote is not closed or stands in the wrong place). Correct the line and import again; the region table was not changed.</source>
        <translation>Baris %1 file wilayah bukan CSV yang valid (ada tanda kutip yang tidak ditutup atau salah letak). Perbaiki baris itu dan impor lagi; tabel wilayah tidak diubah.</translation>
    </message>
    <message>
        <source>Line %1 of the region file is not a region: it must read kode,nama with a code such as 19.04.01.1002 and a name. Correct the line and import again; the region table was not changed.</source>
        <translation>Baris %1 file wilayah bukan data wilayah: isinya harus kode,nama dengan kode seperti 19.04.01.1002 dan sebuah nama. Perbaiki baris itu dan impor lagi; tabel wilayah tidak diubah.</translation>
    </message>
    <message>
        <source>The region file holds no regions.</source>
        <translation>File wilayah tidak berisi data wilayah.</translation>
    </message>
    <message>
        <source>clear the region table</source>
        <translation>mengosongkan tabel wilayah</translation>
    </message>
    <message>
        <source>store region %1</source>
        <translation>menyimpan wilayah %1</translation>
    </message>
    <message>
        <source>Line %1 of the region file repeats the code %2 of line %3. Keep one of them and import again; the region table was not changed.</source>
        <translation>Baris %1 file wilayah mengulang kode %2 dari baris %3. Pertahankan salah satunya, lalu impor lagi; tabel wilayah tidak diubah.</translation>
    </message>
</context>
<context>
    <name>RestoreOffer</name>
    <message>
        <source>Damaged database</source>
        <translation>Basis data rusak</translation>
    </message>
    <message>
        <source>Restore the backup %1 now? The damaged files are kept in the data folder. This PC then gets a new station code and must be enrolled again.</source>
        <translation>Pulihkan cadangan %1 sekarang? File yang rusak disimpan di folder data. PC ini lalu mendapat kode stasiun baru dan harus didaftarkan lagi.</translation>
    </message>
    <message>
        <source>Restore the backup</source>
        <translation>Pulihkan cadangan</translation>
    </message>
    <message>
        <source>Passphrase of the backup %1:</source>
        <translation>Frasa sandi cadangan %1:</translation>
    </message>
    <message>
        <source>The backup made on %1 UTC is restored; the damaged files are in %2. This PC now has station %3. The IT operator must enrol it with the central server again and set the passphrase for daily backups again.</source>
        <translation>Cadangan yang dibuat pada %1 UTC sudah dipulihkan; file yang rusak ada di %2. PC ini sekarang berstasiun %3. Operator TI harus mendaftarkannya ke server pusat lagi dan menetapkan frasa sandi cadangan harian lagi.</translation>
    </message>
</context>
<context>
    <name>Retention</name>
    <message>
        <source>The retention period is a number of days, 0 or more.</source>
        <translation>Masa simpan berupa jumlah hari, 0 atau lebih.</translation>
    </message>
    <message>
        <source>find applications to purge</source>
        <translation>mencari permohonan yang datanya harus dihapus</translation>
    </message>
    <message numerus="yes">
        <source>retention of %n day(s) ended</source>
        <translation>
            <numerusform>masa simpan %n hari telah berakhir</numerusform>
        </translation>
    </message>
    <message>
        <source>purge an application</source>
        <translation>menghapus data permohonan</translation>
    </message>
    <message>
        <source>purge an application&apos;s scans</source>
        <translation>menghapus pindaian permohonan</translation>
    </message>
</context>
<context>
    <name>Role</name>
    <message>
        <source>Counter clerk</source>
        <translation>Petugas loket</translation>
    </message>
    <message>
        <source>Supervisor</source>
        <translation>Kepala seksi pelayanan</translation>
    </message>
    <message>
        <source>IT operator</source>
        <translation>Operator TI</translation>
    </message>
</context>
<context>
    <name>ScanKey</name>
    <message>
        <source>Scans are stored on this PC but their key is not in the system keychain, so they cannot be opened. Restore the keychain entry, or restore this PC from a backup that holds the scans.</source>
        <translation>Ada pindaian tersimpan di PC ini tetapi kuncinya tidak ada di keychain sistem, sehingga pindaian tidak dapat dibuka. Pulihkan entri keychain, atau pulihkan PC ini dari cadangan yang memuat pindaian.</translation>
    </message>
    <message>
        <source>The scan key in the system keychain is not a key this program wrote. Restore the keychain entry from a backup of this PC.</source>
        <translation>Kunci pindaian di keychain sistem bukan kunci yang ditulis program ini. Pulihkan entri keychain dari cadangan PC ini.</translation>
    </message>
    <message>
        <source>The data is restored, but the key of its scans in the backup is damaged, so the scans cannot be opened. Restore an older backup to get them back.</source>
        <translation>Data sudah dipulihkan, tetapi kunci pindaian di dalam cadangan rusak, sehingga pindaian tidak dapat dibuka. Pulihkan cadangan yang lebih lama untuk mendapatkannya kembali.</translation>
    </message>
    <message>
        <source>The data is restored, but the key of its scans could not be put into this PC&apos;s keychain (%1), so the scans cannot be opened yet. Empty the folder and restore again once the keychain works.</source>
        <translation>Data sudah dipulihkan, tetapi kunci pindaian tidak dapat disimpan ke keychain PC ini (%1), sehingga pindaian belum dapat dibuka. Kosongkan folder dan pulihkan lagi setelah keychain berfungsi.</translation>
    </message>
</context>
<context>
    <name>ScanStore</name>
    <message>
        <source>The scan %1 was changed on disk or was not encrypted with this PC&apos;s scan key, so it is not shown. Restore it from a backup, or attach the document again.</source>
        <translation>Pindaian %1 telah berubah di disk atau tidak dienkripsi dengan kunci pindaian PC ini, sehingga tidak ditampilkan. Pulihkan dari cadangan, atau lampirkan dokumen itu lagi.</translation>
    </message>
    <message>
        <source>%1 is larger than %2 MB, the most a scan may be. Scan it again at a lower resolution, or as a JPEG instead of a PDF.</source>
        <translation>%1 lebih besar dari %2 MB, batas ukuran pindaian. Pindai ulang dengan resolusi lebih rendah, atau sebagai JPEG, bukan PDF.</translation>
    </message>
    <message>
        <source>The scan file %1 could not be used (%2). Check that the disk has room and that this user may read and write the data folder.</source>
        <translation>File pindaian %1 tidak dapat digunakan (%2). Periksa apakah disk masih cukup dan pengguna ini boleh membaca dan menulis folder data.</translation>
    </message>
    <message>
        <source>This scan is not attached to requirement %1 of application %2.</source>
        <translation>Pindaian ini tidak dilampirkan pada persyaratan %1 permohonan %2.</translation>
    </message>
    <message>
        <source>%1 is not the identity of a scan.</source>
        <translation>%1 bukan identitas pindaian.</translation>
    </message>
    <message>
        <source>There is no application %1 on this PC.</source>
        <translation>Tidak ada permohonan %1 di PC ini.</translation>
    </message>
    <message>
        <source>Scans of application %1 can be changed only by %2, who captured it, while it is a draft or returned; it is &quot;%3&quot;.</source>
        <translation>Pindaian permohonan %1 hanya dapat diubah oleh %2, yang merekamnya, selama masih draf atau dikembalikan; statusnya &quot;%3&quot;.</translation>
    </message>
    <message>
        <source>%1 is not a requirement of application %2.</source>
        <translation>%1 bukan persyaratan permohonan %2.</translation>
    </message>
    <message>
        <source>%1 is not a JPEG, PNG or PDF file, whatever its name says. Save the scan in one of those formats and attach it again.</source>
        <translation>%1 bukan file JPEG, PNG atau PDF, apa pun namanya. Simpan pindaian dalam salah satu format itu lalu lampirkan lagi.</translation>
    </message>
    <message>
        <source>The encryption library could not be started.</source>
        <translation>Pustaka enkripsi tidak dapat dijalankan.</translation>
    </message>
    <message>
        <source>the folder could not be created</source>
        <translation>folder tidak dapat dibuat</translation>
    </message>
    <message>
        <source>store the scan</source>
        <translation>menyimpan pindaian</translation>
    </message>
    <message>
        <source>%1 is already attached to requirement %2.</source>
        <translation>%1 sudah dilampirkan pada persyaratan %2.</translation>
    </message>
    <message>
        <source>attach the scan</source>
        <translation>melampirkan pindaian</translation>
    </message>
    <message>
        <source>remove the scan</source>
        <translation>menghapus pindaian</translation>
    </message>
    <message>
        <source>list the scans of an application</source>
        <translation>menampilkan daftar pindaian permohonan</translation>
    </message>
</context>
<context>
    <name>SealedReader</name>
    <message>
        <source>The security library could not start.</source>
        <translation>Pustaka keamanan tidak dapat dijalankan.</translation>
    </message>
    <message>
        <source>%1 is not a Sipelanduk backup. Choose a file made by sipelanduk-ctl backup (its name ends in .sipbackup).</source>
        <translation>%1 bukan cadangan Sipelanduk. Pilih file yang dibuat oleh sipelanduk-ctl backup (namanya berakhiran .sipbackup).</translation>
    </message>
    <message>
        <source>The backup %1 was made by a newer version of Sipelanduk (format %2). Restore it with that version.</source>
        <translation>Cadangan %1 dibuat oleh versi Sipelanduk yang lebih baru (format %2). Pulihkan dengan versi itu.</translation>
    </message>
    <message>
        <source>The key for the backup could not be made: the PC is short of memory. Close other programs and try again.</source>
        <translation>Kunci cadangan tidak dapat dibuat: memori PC tidak cukup. Tutup program lain, lalu coba lagi.</translation>
    </message>
    <message>
        <source>The backup %1 is incomplete or was changed after it was made, so nothing was restored from it. Copy it again from where it is kept, or use an older backup.</source>
        <translation>Cadangan %1 tidak lengkap atau diubah setelah dibuat, jadi tidak ada yang dipulihkan darinya. Salin lagi dari tempat penyimpanannya, atau gunakan cadangan yang lebih lama.</translation>
    </message>
    <message>
        <source>The passphrase does not open the backup %1. Check it (capital letters count) and try again; if it is surely right, the file was changed and another backup is needed.</source>
        <translation>Frasa sandi tidak dapat membuka cadangan %1. Periksa lagi (huruf besar berpengaruh), lalu coba lagi; jika sudah pasti benar, filenya telah diubah dan diperlukan cadangan lain.</translation>
    </message>
</context>
<context>
    <name>SealedWriter</name>
    <message>
        <source>The security library could not start.</source>
        <translation>Pustaka keamanan tidak dapat dijalankan.</translation>
    </message>
    <message>
        <source>The key for the backup could not be made: the PC is short of memory. Close other programs and try again.</source>
        <translation>Kunci cadangan tidak dapat dibuat: memori PC tidak cukup. Tutup program lain, lalu coba lagi.</translation>
    </message>
    <message>
        <source>The backup %1 could not be written (%2). Check that the disk has room and try again.</source>
        <translation>Cadangan %1 tidak dapat ditulis (%2). Periksa bahwa ruang disk cukup, lalu coba lagi.</translation>
    </message>
</context>
<context>
    <name>Search</name>
    <message>
        <source>tidy the search index</source>
        <translation>merapikan indeks pencarian</translation>
    </message>
    <message>
        <source>search the applications</source>
        <translation>mencari permohonan</translation>
    </message>
</context>
<context>
    <name>SessionPolicy</name>
    <message>
        <source>%1 minutes is not a lock time: use 1 to %2 minutes, or 0 for a session that never locks by itself.</source>
        <translation>%1 menit tidak dapat dipakai sebagai waktu penguncian: gunakan 1 sampai %2 menit, atau 0 untuk sesi yang tidak pernah terkunci dengan sendirinya.</translation>
    </message>
</context>
<context>
    <name>TlsIdentity</name>
    <message>
        <source>The %1 %2 cannot be read (%3); sipelanduk-pusat does not start without it. Check the path and that this user may read the file.</source>
        <translation>%1 %2 tidak dapat dibaca (%3); sipelanduk-pusat tidak berjalan tanpanya. Periksa path-nya dan pastikan pengguna ini boleh membaca file itu.</translation>
    </message>
    <message>
        <source>certificate file</source>
        <translation>File sertifikat</translation>
    </message>
    <message>
        <source>private key file</source>
        <translation>File kunci privat</translation>
    </message>
    <message>
        <source>%1 holds no certificate in PEM form (-----BEGIN CERTIFICATE-----).</source>
        <translation>%1 tidak berisi sertifikat dalam bentuk PEM (-----BEGIN CERTIFICATE-----).</translation>
    </message>
    <message>
        <source>%1 holds no private key in PEM form without a passphrase. Give the server&apos;s unencrypted key (openssl pkey -in KEY -out PLAIN_KEY).</source>
        <translation>%1 tidak berisi kunci privat dalam bentuk PEM tanpa frasa sandi. Berikan kunci server yang tidak terenkripsi (openssl pkey -in KEY -out PLAIN_KEY).</translation>
    </message>
    <message>
        <source>The private key %1 does not belong to the certificate %2; give the key the certificate was made for.</source>
        <translation>Kunci privat %1 bukan pasangan sertifikat %2; berikan kunci yang dipakai saat sertifikat itu dibuat.</translation>
    </message>
</context>
<context>
    <name>WidgetsPrompter</name>
    <message>
        <source>Continue</source>
        <translation>Lanjutkan</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Sipelanduk Desktop, the counter program of the kantor camat.</source>
        <translation>Sipelanduk Desktop, program loket kantor camat.</translation>
    </message>
    <message>
        <source>Data folder (default: the platform&apos;s)</source>
        <translation>Folder data (bawaan: folder standar sistem operasi)</translation>
    </message>
</context>
<context>
    <name>sipelanduk-pusat</name>
    <message>
        <source>The central endpoint that Sipelanduk counter PCs sync with.</source>
        <translation>Layanan pusat tempat PC loket Sipelanduk bersinkronisasi.</translation>
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
        <source>The command is not understood; see sipelanduk-pusat --help.</source>
        <translation>Perintah tidak dipahami; lihat sipelanduk-pusat --help.</translation>
    </message>
    <message>
        <source>The central database: a SQLite file, or postgres://USER[:PASSWORD]@HOST:PORT/DBNAME (better without the password, which PGPASSWORD or ~/.pgpass can give).</source>
        <translation>Basis data pusat: file SQLite, atau postgres://USER[:PASSWORD]@HOST:PORT/DBNAME (sebaiknya tanpa kata sandi, yang dapat diberikan lewat PGPASSWORD atau ~/.pgpass).</translation>
    </message>
    <message>
        <source>Name the central database with --db FILE or --db postgres://USER@HOST:PORT/DBNAME.</source>
        <translation>Sebutkan basis data pusat dengan --db FILE atau --db postgres://USER@HOST:PORT/DBNAME.</translation>
    </message>
    <message>
        <source>Serve HTTPS with this certificate (PEM; intermediate certificates after it).</source>
        <translation>Layani HTTPS dengan sertifikat ini (PEM; sertifikat perantara sesudahnya).</translation>
    </message>
    <message>
        <source>The private key of --tls-cert (PEM, without passphrase).</source>
        <translation>Kunci privat dari --tls-cert (PEM, tanpa frasa sandi).</translation>
    </message>
    <message>
        <source>None to serve; issue-code; set-status REGISTRATION_NUMBER processing|completed|rejected; or publish codelists|catalogue|regions FILE.</source>
        <translation>Kosong untuk melayani; issue-code; set-status NOMOR_REGISTRASI processing|completed|rejected; atau publish codelists|catalogue|regions FILE.</translation>
    </message>
</context>
<context>
    <name>sipelanduk::AddUserDialog</name>
    <message>
        <source>Add user</source>
        <translation>Tambah pengguna</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Nama:</translation>
    </message>
    <message>
        <source>Role:</source>
        <translation>Peran:</translation>
    </message>
    <message>
        <source>Create account</source>
        <translation>Buat akun</translation>
    </message>
</context>
<context>
    <name>sipelanduk::ApplicationForm</name>
    <message>
        <source>New: %1</source>
        <translation>Baru: %1</translation>
    </message>
    <message>
        <source>%1 *</source>
        <translation>%1 *</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Tutup</translation>
    </message>
    <message>
        <source>Save draft</source>
        <translation>Simpan draf</translation>
    </message>
    <message>
        <source>Stores what is filled in so far; nothing is checked or sent yet.</source>
        <translation>Menyimpan isian sejauh ini; belum ada yang diperiksa atau dikirim.</translation>
    </message>
    <message>
        <source>Submit for approval</source>
        <translation>Ajukan untuk persetujuan</translation>
    </message>
    <message>
        <source>Draft saved at %1. It is kept on this PC until it is submitted.</source>
        <translation>Draf disimpan pukul %1. Draf tetap tersimpan di PC ini sampai diajukan.</translation>
    </message>
    <message>
        <source>Check these points with the applicant. Submit the application with them?</source>
        <translation>Periksa hal-hal berikut bersama pemohon. Ajukan permohonan dengan catatan ini?</translation>
    </message>
    <message>
        <source>Confirm and submit</source>
        <translation>Konfirmasi dan ajukan</translation>
    </message>
    <message>
        <source>Registration number</source>
        <translation>Nomor registrasi</translation>
    </message>
    <message>
        <source>not saved yet</source>
        <translation>belum disimpan</translation>
    </message>
    <message>
        <source>The number is given at the first save.</source>
        <translation>Nomor diberikan saat pertama kali disimpan.</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Warnings confirmed at submission: %1</source>
        <translation>Peringatan yang dikonfirmasi saat pengajuan: %1</translation>
    </message>
    <message>
        <source>%1. This application can no longer be changed here.</source>
        <translation>%1. Permohonan ini tidak dapat diubah lagi di sini.</translation>
    </message>
    <message>
        <source>Print receipt</source>
        <translation>Cetak tanda terima</translation>
    </message>
    <message>
        <source>The slip the applicant takes home, on paper or as a PDF file.</source>
        <translation>Tanda terima yang dibawa pulang pemohon, dicetak atau sebagai file PDF.</translation>
    </message>
    <message>
        <source>Print the receipt, or save it as a PDF file?</source>
        <translation>Cetak tanda terima, atau simpan sebagai file PDF?</translation>
    </message>
    <message>
        <source>Print...</source>
        <translation>Cetak...</translation>
    </message>
    <message>
        <source>Save as PDF (A4)</source>
        <translation>Simpan sebagai PDF (A4)</translation>
    </message>
    <message>
        <source>Save as PDF (F4, 215 x 330 mm)</source>
        <translation>Simpan sebagai PDF (F4, 215 x 330 mm)</translation>
    </message>
    <message>
        <source>Save receipt as PDF</source>
        <translation>Simpan tanda terima sebagai PDF</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>File PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Reading the scan key from the system keychain...</source>
        <translation>Membaca kunci pindaian dari keychain sistem...</translation>
    </message>
    <message>
        <source>Attach scans</source>
        <translation>Lampirkan pindaian</translation>
    </message>
    <message>
        <source>Scans (*.jpg *.jpeg *.png *.pdf);;All files (*)</source>
        <translation>Pindaian (*.jpg *.jpeg *.png *.pdf);;Semua file (*)</translation>
    </message>
    <message>
        <source>Remove scan</source>
        <translation>Hapus pindaian</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>%1: the scan key is not loaded, so the scan cannot be shown.</source>
        <translation>%1: kunci pindaian belum dimuat, sehingga pindaian tidak dapat ditampilkan.</translation>
    </message>
</context>
<context>
    <name>sipelanduk::ApplicationTableModel</name>
    <message>
        <source>Registration number</source>
        <translation>Nomor registrasi</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>Jenis layanan</translation>
    </message>
    <message>
        <source>Applicant</source>
        <translation>Pemohon</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Alasan</translation>
    </message>
    <message>
        <source>Last change</source>
        <translation>Perubahan terakhir</translation>
    </message>
    <message>
        <source>Captured by</source>
        <translation>Direkam oleh</translation>
    </message>
    <message>
        <source>Submitted</source>
        <translation>Diajukan</translation>
    </message>
    <message>
        <source>Confirmed warnings</source>
        <translation>Peringatan dikonfirmasi</translation>
    </message>
</context>
<context>
    <name>sipelanduk::ApplicationsPage</name>
    <message>
        <source>New application:</source>
        <translation>Permohonan baru:</translation>
    </message>
    <message>
        <source>All states</source>
        <translation>Semua status</translation>
    </message>
    <message>
        <source>Status:</source>
        <translation>Status:</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Buka</translation>
    </message>
    <message numerus="yes">
        <source>%n application(s)</source>
        <translation>
            <numerusform>%n permohonan</numerusform>
        </translation>
    </message>
    <message>
        <source>Record hand-over</source>
        <translation>Catat penyerahan</translation>
    </message>
    <message>
        <source>The resident collected the finished document.</source>
        <translation>Penduduk sudah mengambil dokumen yang telah selesai.</translation>
    </message>
    <message>
        <source>Application %1 was handed over.</source>
        <translation>Dokumen permohonan %1 sudah diserahkan.</translation>
    </message>
    <message>
        <source>Find by NIK, KK number, registration number or name</source>
        <translation>Cari menurut NIK, nomor KK, nomor registrasi atau nama</translation>
    </message>
</context>
<context>
    <name>sipelanduk::ApprovalPage</name>
    <message>
        <source>Open</source>
        <translation>Buka</translation>
    </message>
    <message>
        <source>Return with reason...</source>
        <translation>Kembalikan dengan alasan...</translation>
    </message>
    <message>
        <source>Approve selected</source>
        <translation>Setujui yang dipilih</translation>
    </message>
    <message>
        <source>Approve all</source>
        <translation>Setujui semua</translation>
    </message>
    <message>
        <source>No application is waiting for approval.</source>
        <translation>Tidak ada permohonan yang menunggu persetujuan.</translation>
    </message>
    <message numerus="yes">
        <source>%n application(s) waiting for approval.</source>
        <translation>
            <numerusform>%n permohonan menunggu persetujuan.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n application(s) approved.</source>
        <translation>
            <numerusform>%n permohonan disetujui.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Approve all %n waiting application(s)? Approved applications are sealed and cannot be changed any more.</source>
        <translation>
            <numerusform>Setujui semua %n permohonan yang menunggu? Permohonan yang disetujui akan disegel dan tidak dapat diubah lagi.</numerusform>
        </translation>
    </message>
    <message>
        <source>Return to the clerk</source>
        <translation>Kembalikan ke petugas loket</translation>
    </message>
    <message>
        <source>What must the clerk correct? The reason is shown to the clerk with the application.</source>
        <translation>Apa yang harus diperbaiki petugas loket? Alasan ini ditampilkan kepada petugas bersama permohonannya.</translation>
    </message>
    <message>
        <source>Application %1 returned to %2.</source>
        <translation>Permohonan %1 dikembalikan ke %2.</translation>
    </message>
    <message>
        <source>Approval</source>
        <translation>Persetujuan</translation>
    </message>
</context>
<context>
    <name>sipelanduk::ChoiceEditor</name>
    <message>
        <source>(choose)</source>
        <translation>(pilih)</translation>
    </message>
</context>
<context>
    <name>sipelanduk::DateEditor</name>
    <message>
        <source>Clear the date</source>
        <translation>Kosongkan tanggal</translation>
    </message>
</context>
<context>
    <name>sipelanduk::EnrolDialog</name>
    <message>
        <source>Enrol this PC</source>
        <translation>Daftarkan PC ini</translation>
    </message>
    <message>
        <source>Disdukcapil gives a one-time code for each PC. The code works once; the PC then keeps its own key in the system keychain.</source>
        <translation>Disdukcapil memberikan kode sekali pakai untuk setiap PC. Kode hanya berlaku satu kali; setelah itu PC menyimpan kuncinya sendiri di keychain sistem.</translation>
    </message>
    <message>
        <source>Server address:</source>
        <translation>Alamat server:</translation>
    </message>
    <message>
        <source>One-time code:</source>
        <translation>Kode sekali pakai:</translation>
    </message>
    <message>
        <source>Name of this PC:</source>
        <translation>Nama PC ini:</translation>
    </message>
    <message>
        <source>Enrol</source>
        <translation>Daftarkan</translation>
    </message>
    <message>
        <source>Contacting the central server...</source>
        <translation>Menghubungi server pusat...</translation>
    </message>
    <message>
        <source>Only when the regency gives one</source>
        <translation>Hanya jika kabupaten memberikannya</translation>
    </message>
    <message>
        <source>Regency CA file:</source>
        <translation>File CA kabupaten:</translation>
    </message>
    <message>
        <source>Choose...</source>
        <translation>Pilih...</translation>
    </message>
    <message>
        <source>Regency CA file</source>
        <translation>File CA kabupaten</translation>
    </message>
    <message>
        <source>Certificates (*.crt *.pem *.cer *.der);;All files (*)</source>
        <translation>Sertifikat (*.crt *.pem *.cer *.der);;Semua file (*)</translation>
    </message>
</context>
<context>
    <name>sipelanduk::FieldEditor</name>
    <message>
        <source>Male</source>
        <translation>Laki-laki</translation>
    </message>
    <message>
        <source>Female</source>
        <translation>Perempuan</translation>
    </message>
</context>
<context>
    <name>sipelanduk::FindingsPanel</name>
    <message>
        <source>Checks</source>
        <translation>Pemeriksaan</translation>
    </message>
    <message>
        <source>No problems found. The application can be submitted.</source>
        <translation>Tidak ada masalah. Permohonan dapat diajukan.</translation>
    </message>
    <message numerus="yes">
        <source>%n error(s) to correct</source>
        <translation>
            <numerusform>%n kesalahan harus diperbaiki</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n warning(s) to confirm at submission</source>
        <translation>
            <numerusform>%n peringatan harus dikonfirmasi saat pengajuan</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>sipelanduk::FirstRunDialog</name>
    <message>
        <source>Set up this PC</source>
        <translation>Siapkan PC ini</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>This PC is not set up yet. Choose the kantor camat it serves and create the account of its IT operator, who then adds the accounts of the clerks and the supervisor.</source>
        <translation>PC ini belum disiapkan. Pilih kantor camat tempat PC ini digunakan dan buat akun operator TI-nya; operator TI kemudian menambahkan akun petugas loket dan kepala seksi pelayanan.</translation>
    </message>
    <message>
        <source>Kecamatan:</source>
        <translation>Kecamatan:</translation>
    </message>
    <message>
        <source>IT operator&apos;s name:</source>
        <translation>Nama operator TI:</translation>
    </message>
    <message>
        <source>Set up</source>
        <translation>Siapkan</translation>
    </message>
</context>
<context>
    <name>sipelanduk::IdentityNumberEditor</name>
    <message>
        <source>16 digits</source>
        <translation>16 digit</translation>
    </message>
    <message>
        <source>No NIK yet</source>
        <translation>Belum ada NIK</translation>
    </message>
    <message>
        <source>No number yet</source>
        <translation>Belum ada nomor</translation>
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
        <translation>Sesi terkunci</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt;, %2, is signed in.</source>
        <translation>Yang masuk: &lt;b&gt;%1&lt;/b&gt;, %2.</translation>
    </message>
    <message>
        <source>The session was locked because nobody used it for a while. What was on the screen is kept; type the password of %1 to go on.</source>
        <translation>Sesi dikunci karena tidak digunakan selama beberapa waktu. Isi layar tetap tersimpan; ketik kata sandi %1 untuk melanjutkan.</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>Kata sandi:</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>Buka kunci</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>Keluar</translation>
    </message>
</context>
<context>
    <name>sipelanduk::LoginDialog</name>
    <message>
        <source>Sign in: Kecamatan %1</source>
        <translation>Masuk: Kecamatan %1</translation>
    </message>
    <message>
        <source>&lt;b&gt;Sipelanduk Desktop&lt;/b&gt;&lt;br&gt;Kantor Camat %1 (%2)</source>
        <translation>&lt;b&gt;Sipelanduk Desktop&lt;/b&gt;&lt;br&gt;Kantor Camat %1 (%2)</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Nama:</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>Kata sandi:</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>Masuk</translation>
    </message>
</context>
<context>
    <name>sipelanduk::MainWindow</name>
    <message>
        <source>My applications</source>
        <translation>Permohonan saya</translation>
    </message>
    <message>
        <source>Waiting for approval</source>
        <translation>Menunggu persetujuan</translation>
    </message>
    <message>
        <source>All applications</source>
        <translation>Semua permohonan</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>Sinkronisasi</translation>
    </message>
    <message>
        <source>Users</source>
        <translation>Pengguna</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>Keluar</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Tutup aplikasi</translation>
    </message>
    <message>
        <source>&amp;Session</source>
        <translation>&amp;Sesi</translation>
    </message>
    <message>
        <source>Kantor Camat %1 (%2), station %3</source>
        <translation>Kantor Camat %1 (%2), stasiun %3</translation>
    </message>
    <message>
        <source>Signed in: %1, %2</source>
        <translation>Masuk sebagai: %1, %2</translation>
    </message>
    <message>
        <source>Kecamatan %1: %2 (%3)</source>
        <translation>Kecamatan %1: %2 (%3)</translation>
    </message>
    <message>
        <source>Open application</source>
        <translation>Buka permohonan</translation>
    </message>
    <message>
        <source>This application is not on this PC any more, or its service is not in the catalogue. Refresh the list and try again.</source>
        <translation>Permohonan ini sudah tidak ada di PC ini, atau jenis layanannya tidak ada dalam katalog. Muat ulang daftar, lalu coba lagi.</translation>
    </message>
    <message>
        <source>Close form</source>
        <translation>Tutup formulir</translation>
    </message>
    <message>
        <source>The changes in %1 are not saved. Close the form and discard them?</source>
        <translation>Perubahan pada %1 belum disimpan. Tutup formulir dan buang perubahan?</translation>
    </message>
    <message>
        <source>Discard changes</source>
        <translation>Buang perubahan</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>Perubahan belum disimpan</translation>
    </message>
    <message>
        <source>These forms have changes that are not saved. Discard them?</source>
        <translation>Formulir berikut memiliki perubahan yang belum disimpan. Buang perubahan?</translation>
    </message>
</context>
<context>
    <name>sipelanduk::MemberListEditor</name>
    <message>
        <source>Add member</source>
        <translation>Tambah anggota</translation>
    </message>
    <message>
        <source>Member %1</source>
        <translation>Anggota %1</translation>
    </message>
    <message>
        <source>%1 *</source>
        <translation>%1 *</translation>
    </message>
    <message>
        <source>Remove member %1</source>
        <translation>Hapus anggota %1</translation>
    </message>
</context>
<context>
    <name>sipelanduk::OptionalDateEdit</name>
    <message>
        <source>not filled</source>
        <translation>belum diisi</translation>
    </message>
</context>
<context>
    <name>sipelanduk::PlaceEditor</name>
    <message>
        <source>Type the name of the kabupaten/kota, kecamatan or village</source>
        <translation>Ketik nama kabupaten/kota, kecamatan atau desa</translation>
    </message>
</context>
<context>
    <name>sipelanduk::QueueTableModel</name>
    <message>
        <source>Registration number</source>
        <translation>Nomor registrasi</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>Layanan</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Alasan</translation>
    </message>
    <message>
        <source>Last change</source>
        <translation>Perubahan terakhir</translation>
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
        <translation>Dokumen yang ditunjukkan</translation>
    </message>
    <message>
        <source>One of these:</source>
        <translation>Salah satu dari:</translation>
    </message>
</context>
<context>
    <name>sipelanduk::RequirementRow</name>
    <message>
        <source>Attach...</source>
        <translation>Lampirkan...</translation>
    </message>
    <message>
        <source>Remove scan</source>
        <translation>Hapus pindaian</translation>
    </message>
    <message>
        <source>Attach scans of this document (JPEG, PNG or PDF). Files can also be dropped on this row.</source>
        <translation>Lampirkan pindaian dokumen ini (JPEG, PNG atau PDF). File juga dapat diseret ke baris ini.</translation>
    </message>
</context>
<context>
    <name>sipelanduk::ResetPasswordDialog</name>
    <message>
        <source>Reset password</source>
        <translation>Atur ulang kata sandi</translation>
    </message>
    <message>
        <source>A new password for %1. Tell it to them in person; a lock after wrong passwords ends with it.</source>
        <translation>Kata sandi baru untuk %1. Sampaikan langsung kepada orangnya; kunci karena kata sandi salah ikut berakhir.</translation>
    </message>
    <message>
        <source>Set password</source>
        <translation>Simpan kata sandi</translation>
    </message>
</context>
<context>
    <name>sipelanduk::SyncClient</name>
    <message>
        <source>This PC is not enrolled with the central server yet. The IT operator enrols it with the server address and a one-time code.</source>
        <translation>PC ini belum terdaftar di server pusat. Operator TI mendaftarkannya dengan alamat server dan kode sekali pakai.</translation>
    </message>
    <message>
        <source>The PC&apos;s access key is missing from the keychain; enrol the PC again.</source>
        <translation>Kunci akses PC tidak ada di keychain; daftarkan ulang PC ini.</translation>
    </message>
    <message numerus="yes">
        <source>Sending %n application(s)...</source>
        <translation>
            <numerusform>Mengirim %n permohonan...</numerusform>
        </translation>
    </message>
    <message>
        <source>Fetching status from the central server...</source>
        <translation>Mengambil status dari server pusat...</translation>
    </message>
    <message>
        <source>The central server at %1 could not be reached (%2). The work stays queued; sync again when the connection is back.</source>
        <translation>Server pusat di %1 tidak dapat dihubungi (%2). Data tetap dalam antrean; sinkronkan lagi setelah koneksi pulih.</translation>
    </message>
    <message>
        <source>no content type</source>
        <translation>tanpa tipe konten</translation>
    </message>
    <message>
        <source>The central server refused: %1</source>
        <translation>Server pusat menolak: %1</translation>
    </message>
    <message>
        <source>The central server answered HTTP %1.</source>
        <translation>Server pusat menjawab HTTP %1.</translation>
    </message>
    <message>
        <source>%1 is not a server address. Write it as https://host, or http://127.0.0.1:port for a server on this PC.</source>
        <translation>%1 bukan alamat server. Tulis sebagai https://host, atau http://127.0.0.1:port untuk server di PC ini.</translation>
    </message>
    <message>
        <source>%1 uses plain http, which would send residents&apos; data unencrypted. Use the https address of the central server.</source>
        <translation>%1 memakai http biasa, sehingga data penduduk akan dikirim tanpa enkripsi. Gunakan alamat https server pusat.</translation>
    </message>
    <message>
        <source>The scan %1 could not be sent to the central server: %2 Its application stays queued; the next sync tries again.</source>
        <translation>Pindaian %1 tidak dapat dikirim ke server pusat: %2 Permohonannya tetap dalam antrean; sinkronisasi berikutnya mencoba lagi.</translation>
    </message>
    <message>
        <source>The central server is busy and asks to be contacted again after %1. Nothing is lost: the work stays queued and goes with the next sync after that time.</source>
        <translation>Server pusat sedang sibuk dan meminta dihubungi lagi setelah %1. Tidak ada yang hilang: pekerjaan tetap dalam antrean dan ikut sinkronisasi berikutnya setelah waktu itu.</translation>
    </message>
    <message numerus="yes">
        <source>no connection within %n second(s)</source>
        <translation>
            <numerusform>tidak ada sambungan dalam %n detik</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>nothing received for %n second(s)</source>
        <translation>
            <numerusform>tidak ada data diterima selama %n detik</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>No connection to the central server at %1 could be made within %n second(s). The work stays queued; sync again when the network is back.</source>
        <translation>
            <numerusform>Sambungan ke server pusat di %1 tidak dapat dibuat dalam %n detik. Pekerjaan tetap dalam antrean; lakukan sinkronisasi lagi saat jaringan kembali.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The connection to the central server at %1 stalled: nothing arrived for %n second(s). The work stays queued; sync again when the network is better.</source>
        <translation>
            <numerusform>Sambungan ke server pusat di %1 macet: tidak ada data yang tiba selama %n detik. Pekerjaan tetap dalam antrean; lakukan sinkronisasi lagi saat jaringan lebih baik.</numerusform>
        </translation>
    </message>
    <message>
        <source>The central server at %1, or a gateway in front of it, is overloaded or unavailable (HTTP %2). The work stays queued; sync again later.</source>
        <translation>Server pusat di %1, atau gateway di depannya, sedang kelebihan beban atau tidak tersedia (HTTP %2). Pekerjaan tetap dalam antrean; lakukan sinkronisasi lagi nanti.</translation>
    </message>
    <message>
        <source>The CA file %1 cannot be read (%2). Give the path of the certificate file the regency handed out.</source>
        <translation>File CA %1 tidak dapat dibaca (%2). Berikan path file sertifikat yang diserahkan kabupaten.</translation>
    </message>
    <message>
        <source>%1 holds no certificate (PEM or DER). Ask the regency for the CA certificate of its server, usually a .crt or .pem file.</source>
        <translation>%1 tidak berisi sertifikat (PEM atau DER). Mintalah sertifikat CA server kepada kabupaten, biasanya file .crt atau .pem.</translation>
    </message>
    <message>
        <source>The server reports holding %1 bytes of a scan of %2 bytes.</source>
        <translation>Server melaporkan menyimpan %1 bita dari pindaian berukuran %2 bita.</translation>
    </message>
    <message>
        <source>Sending the scan %1 (%2 of %3 KB)...</source>
        <translation>Mengirim pindaian %1 (%2 dari %3 KB)...</translation>
    </message>
    <message>
        <source>The server acknowledged another scan or part than the one sent.</source>
        <translation>Server mengonfirmasi pindaian atau bagian lain daripada yang dikirim.</translation>
    </message>
    <message>
        <source>The central server at %1 showed a certificate this PC does not trust (%2), so nothing was sent. If the regency signs its server&apos;s certificate itself, the IT operator gives this PC its CA file (sipelanduk-ctl set-ca-file FILE, or when enrolling); otherwise check that the server address is right.</source>
        <translation>Server pusat di %1 menunjukkan sertifikat yang tidak dipercaya PC ini (%2), jadi tidak ada yang dikirim. Jika kabupaten menandatangani sertifikat servernya sendiri, operator TI memberikan file CA-nya ke PC ini (sipelanduk-ctl set-ca-file FILE, atau saat pendaftaran); jika tidak, periksa apakah alamat server sudah benar.</translation>
    </message>
    <message>
        <source>Asking the central server for %1...</source>
        <translation>Meminta %1 ke server pusat...</translation>
    </message>
    <message>
        <source>The server answered with other master data than asked for.</source>
        <translation>Server menjawab dengan data induk lain dari yang diminta.</translation>
    </message>
    <message>
        <source>Could not fetch %1 from the central server: %2 The lists in use stay; the next sync asks again.</source>
        <translation>%1 tidak dapat diambil dari server pusat: %2 Daftar yang berlaku tetap dipakai; sinkronisasi berikutnya meminta lagi.</translation>
    </message>
    <message numerus="yes">
        <source>The central server already holds the batch %1 (%n application(s)) with other content and did not take it again: an application in it was changed on this PC after the batch was first sent. The batch stays queued; the IT operator settles it with the central office.</source>
        <translation>
            <numerusform>Server pusat sudah menyimpan batch %1 (%n permohonan) dengan isi yang lain dan tidak menerimanya lagi: sebuah permohonan di dalamnya diubah di PC ini setelah batch pertama kali dikirim. Batch tetap dalam antrean; operator TI menyelesaikannya dengan kantor pusat.</numerusform>
        </translation>
    </message>
    <message>
        <source>A sync timeout must be between %1 and %2 seconds.</source>
        <translation>Batas waktu sinkronisasi harus antara %1 dan %2 detik.</translation>
    </message>
    <message>
        <source>The first wait before a retry must be between %1 and %2 seconds.</source>
        <translation>Jeda pertama sebelum mencoba lagi harus antara %1 dan %2 detik.</translation>
    </message>
    <message>
        <source>The attempts per request must be between 1 and %1.</source>
        <translation>Jumlah percobaan per permintaan harus antara 1 dan %1.</translation>
    </message>
    <message>
        <source>No usable answer from the central server (%1); trying again in %2 seconds (attempt %3 of %4)...</source>
        <translation>Tidak ada jawaban yang dapat dipakai dari server pusat (%1); mencoba lagi dalam %2 detik (percobaan %3 dari %4)...</translation>
    </message>
    <message>
        <source>The central server asked not to be contacted before %1. Nothing is lost: the work stays queued and goes with the first sync after that time.</source>
        <translation>Server pusat meminta agar tidak dihubungi sebelum %1. Tidak ada yang hilang: pekerjaan tetap dalam antrean dan ikut sinkronisasi pertama setelah waktu itu.</translation>
    </message>
    <message>
        <source>the answer was too slow to end</source>
        <translation>jawaban terlalu lambat untuk selesai</translation>
    </message>
    <message>
        <source>the answer was too large</source>
        <translation>jawaban terlalu besar</translation>
    </message>
    <message numerus="yes">
        <source>The answer from %1 kept coming too slowly to end within %n second(s); a broken gateway or a very poor connection may be in the way. The work stays queued; sync again when the network is better.</source>
        <translation>
            <numerusform>Jawaban dari %1 datang terlalu lambat sehingga tidak selesai dalam %n detik; mungkin ada gateway yang rusak atau koneksi yang sangat buruk. Pekerjaan tetap dalam antrean; sinkronkan lagi saat jaringan lebih baik.</numerusform>
        </translation>
    </message>
    <message>
        <source>The answer from %1 grew past %2 MB, more than the Sipelanduk server ever sends, and was cut off; a proxy may be in the way. The work stays queued; check the server address with the regency&apos;s IT staff.</source>
        <translation>Jawaban dari %1 melebihi %2 MB, lebih dari yang pernah dikirim server Sipelanduk, dan diputus; mungkin ada proxy yang menghalangi. Pekerjaan tetap dalam antrean; periksa alamat server bersama staf TI kabupaten.</translation>
    </message>
    <message>
        <source>The central server&apos;s address %1 answered with a redirect (HTTP %2) to %3, which is not followed: a Wi-Fi login page or a proxy may be in the way, or the server has moved. Nothing was sent elsewhere and the work stays queued; log in to the Wi-Fi or check the address with the regency&apos;s IT staff.</source>
        <translation>Alamat server pusat %1 menjawab dengan pengalihan (HTTP %2) ke %3, yang tidak diikuti: mungkin ada halaman login Wi-Fi atau proxy yang menghalangi, atau server sudah pindah. Tidak ada yang dikirim ke tempat lain dan pekerjaan tetap dalam antrean; login ke Wi-Fi atau periksa alamat bersama staf TI kabupaten.</translation>
    </message>
    <message>
        <source>an address it did not give</source>
        <translation>alamat yang tidak disebutkan</translation>
    </message>
    <message numerus="yes">
        <source>%n minute(s)</source>
        <translation>
            <numerusform>%n menit</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n hour(s)</source>
        <translation>
            <numerusform>%n jam</numerusform>
        </translation>
    </message>
    <message>
        <source>This PC&apos;s clock is %1 ahead of the central server&apos;s.</source>
        <translation>Jam PC ini %1 lebih cepat daripada jam server pusat.</translation>
    </message>
    <message>
        <source>This PC&apos;s clock is %1 behind the central server&apos;s.</source>
        <translation>Jam PC ini %1 lebih lambat daripada jam server pusat.</translation>
    </message>
    <message>
        <source>Sync goes on, but set the PC&apos;s date and time right: receipts and registration numbers carry them.</source>
        <translation>Sinkronisasi tetap berjalan, tetapi betulkan tanggal dan jam PC: tanda terima dan nomor registrasi memuatnya.</translation>
    </message>
    <message>
        <source>The answer from %1 is not one the Sipelanduk server sends (%2). Check the server address with the regency&apos;s IT staff; the work stays queued.</source>
        <translation>Jawaban dari %1 bukan jawaban yang dikirim server Sipelanduk (%2). Periksa alamat server bersama staf TI kabupaten; pekerjaan tetap dalam antrean.</translation>
    </message>
    <message>
        <source>The central server at %1 could not be reached: nothing answers on that address and port (%2). The work stays queued; if other sites open, ask the regency&apos;s IT staff whether the server runs and the address is right.</source>
        <translation>Server pusat di %1 tidak dapat dihubungi: tidak ada yang menjawab di alamat dan port itu (%2). Pekerjaan tetap dalam antrean; bila situs lain dapat dibuka, tanyakan kepada staf TI kabupaten apakah server berjalan dan alamatnya benar.</translation>
    </message>
    <message>
        <source>The answer from %1 did not come from the Sipelanduk server (HTTP %2, %3). A Wi-Fi login page or a proxy may be in the way: log in to the Wi-Fi, or ask the regency&apos;s IT staff. The answer was not used and the work stays queued.</source>
        <translation>Jawaban dari %1 tidak berasal dari server Sipelanduk (HTTP %2, %3). Mungkin ada halaman login Wi-Fi atau proxy yang menghalangi: login ke Wi-Fi, atau tanyakan kepada staf TI kabupaten. Jawaban itu tidak dipakai dan pekerjaan tetap dalam antrean.</translation>
    </message>
    <message>
        <source>The answer from %1 was cut off or damaged and was not used; the work stays queued. Sync again when the connection is steadier.</source>
        <translation>Jawaban dari %1 terpotong atau rusak dan tidak dipakai; pekerjaan tetap dalam antrean. Sinkronkan lagi saat koneksi lebih stabil.</translation>
    </message>
</context>
<context>
    <name>sipelanduk::SyncPage</name>
    <message>
        <source>Central server</source>
        <translation>Server pusat</translation>
    </message>
    <message>
        <source>Enrol this PC...</source>
        <translation>Daftarkan PC ini...</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>Sinkronisasi</translation>
    </message>
    <message>
        <source>Sync now</source>
        <translation>Sinkronkan sekarang</translation>
    </message>
    <message>
        <source>Last sync in this session</source>
        <translation>Sinkronisasi terakhir dalam sesi ini</translation>
    </message>
    <message>
        <source>No sync has run since the program started.</source>
        <translation>Belum ada sinkronisasi sejak program dijalankan.</translation>
    </message>
    <message>
        <source>Applications on this PC</source>
        <translation>Permohonan di PC ini</translation>
    </message>
    <message>
        <source>This PC is enrolled with %1.</source>
        <translation>PC ini terdaftar di %1.</translation>
    </message>
    <message>
        <source>This PC is not enrolled yet: nothing can be sent until it is.</source>
        <translation>PC ini belum terdaftar: belum ada yang dapat dikirim sampai PC terdaftar.</translation>
    </message>
    <message>
        <source>Last successful sync: %1</source>
        <translation>Sinkronisasi berhasil terakhir: %1</translation>
    </message>
    <message>
        <source>No successful sync yet.</source>
        <translation>Belum ada sinkronisasi yang berhasil.</translation>
    </message>
    <message>
        <source>No applications yet.</source>
        <translation>Belum ada permohonan.</translation>
    </message>
    <message>
        <source>This PC is now enrolled.</source>
        <translation>PC ini sekarang sudah terdaftar.</translation>
    </message>
    <message>
        <source>Sync started.</source>
        <translation>Sinkronisasi dimulai.</translation>
    </message>
    <message>
        <source>Sync finished.</source>
        <translation>Sinkronisasi selesai.</translation>
    </message>
    <message>
        <source>Sync stopped: %1</source>
        <translation>Sinkronisasi berhenti: %1</translation>
    </message>
    <message>
        <source>Batches sent: %1. Accepted: %2. Rejected: %3. Status changes received: %4.</source>
        <translation>Batch terkirim: %1. Diterima: %2. Ditolak: %3. Perubahan status diterima: %4.</translation>
    </message>
    <message>
        <source>Rejected: %1</source>
        <translation>Ditolak: %1</translation>
    </message>
    <message>
        <source>Not sent: %1</source>
        <translation>Tidak terkirim: %1</translation>
    </message>
    <message>
        <source>off</source>
        <translation>mati</translation>
    </message>
    <message>
        <source> min</source>
        <translation> menit</translation>
    </message>
    <message>
        <source>How often this PC syncs by itself; 0 turns automatic sync off.</source>
        <translation>Seberapa sering PC ini menyinkronkan sendiri; 0 mematikan sinkronisasi otomatis.</translation>
    </message>
    <message>
        <source>%v of %m applications</source>
        <translation>%v dari %m permohonan</translation>
    </message>
    <message>
        <source>Sync by itself every</source>
        <translation>Sinkronkan sendiri setiap</translation>
    </message>
    <message>
        <source>Queue: waiting and recently sent</source>
        <translation>Antrean: menunggu dan baru dikirim</translation>
    </message>
    <message>
        <source>Recent sync runs</source>
        <translation>Riwayat sinkronisasi terakhir</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Mulai</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Hasil</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>Terkirim</translation>
    </message>
    <message>
        <source>Status changes</source>
        <translation>Perubahan status</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Pesan</translation>
    </message>
    <message>
        <source>A sync is running.</source>
        <translation>Sinkronisasi sedang berjalan.</translation>
    </message>
    <message>
        <source>Automatic sync starts once this PC is enrolled.</source>
        <translation>Sinkronisasi otomatis dimulai setelah PC ini didaftarkan.</translation>
    </message>
    <message>
        <source>Automatic sync is off; use &quot;Sync now&quot;.</source>
        <translation>Sinkronisasi otomatis mati; gunakan &quot;Sinkronkan sekarang&quot;.</translation>
    </message>
    <message>
        <source>Next automatic sync: %1 (%2).</source>
        <translation>Sinkronisasi otomatis berikutnya: %1 (%2).</translation>
    </message>
    <message numerus="yes">
        <source>The last attempt did not reach the central server; %n attempt(s) failed in a row.</source>
        <translation>
            <numerusform>Percobaan terakhir tidak sampai ke server pusat; %n percobaan berturut-turut gagal.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Nothing is waiting, and nothing was sent in the last %n day(s).</source>
        <translation>
            <numerusform>Tidak ada yang menunggu, dan tidak ada yang dikirim dalam %n hari terakhir.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n application(s): </source>
        <translation>
            <numerusform>%n permohonan: </numerusform>
        </translation>
    </message>
    <message>
        <source>running</source>
        <translation>berjalan</translation>
    </message>
    <message>
        <source>successful</source>
        <translation>berhasil</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>gagal</translation>
    </message>
    <message>
        <source>The central server asked to wait until %1.</source>
        <translation>Server pusat meminta untuk menunggu sampai %1.</translation>
    </message>
    <message>
        <source>No sync running</source>
        <translation>Tidak ada sinkronisasi berjalan</translation>
    </message>
    <message numerus="yes">
        <source>%1 accepted, %2 rejected in %n batch(es)</source>
        <translation>
            <numerusform>%1 diterima, %2 ditolak dalam %n berkas</numerusform>
        </translation>
    </message>
    <message>
        <source>Starting...</source>
        <translation>Memulai...</translation>
    </message>
    <message>
        <source>Nothing to send</source>
        <translation>Tidak ada yang dikirim</translation>
    </message>
    <message>
        <source>Master data: %1</source>
        <translation>Data induk: %1</translation>
    </message>
</context>
<context>
    <name>sipelanduk::SyncScheduler</name>
    <message>
        <source>The sync interval must be between 0 (off) and %1 minutes; %2 is not.</source>
        <translation>Selang sinkronisasi harus antara 0 (mati) dan %1 menit; %2 tidak memenuhi.</translation>
    </message>
    <message>
        <source>A sync is already running; its progress is shown here.</source>
        <translation>Sinkronisasi sedang berjalan; kemajuannya ditampilkan di sini.</translation>
    </message>
    <message>
        <source>The central server asked not to be called before %1. Sync starts by itself then.</source>
        <translation>Server pusat meminta agar tidak dihubungi sebelum pukul %1. Sinkronisasi akan mulai sendiri pada saat itu.</translation>
    </message>
    <message>
        <source>regular schedule</source>
        <translation>jadwal rutin</translation>
    </message>
    <message>
        <source>the last attempts failed, so the wait grows after each one</source>
        <translation>percobaan terakhir gagal, jadi jeda bertambah setelah setiap kegagalan</translation>
    </message>
    <message>
        <source>the central server asked to wait</source>
        <translation>server pusat meminta untuk menunggu</translation>
    </message>
    <message>
        <source>the network came back</source>
        <translation>jaringan tersambung kembali</translation>
    </message>
</context>
<context>
    <name>sipelanduk::UsersPage</name>
    <message>
        <source>Name</source>
        <translation>Nama</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Peran</translation>
    </message>
    <message>
        <source>Add user...</source>
        <translation>Tambah pengguna...</translation>
    </message>
    <message>
        <source>Account %1 created (%2).</source>
        <translation>Akun %1 dibuat (%2).</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Locked until</source>
        <translation>Terkunci sampai</translation>
    </message>
    <message>
        <source>Wrong passwords</source>
        <translation>Kata sandi salah</translation>
    </message>
    <message>
        <source>Password reset</source>
        <translation>Kata sandi diatur ulang</translation>
    </message>
    <message>
        <source>Reset password...</source>
        <translation>Atur ulang kata sandi...</translation>
    </message>
    <message>
        <source>Disable</source>
        <translation>Nonaktifkan</translation>
    </message>
    <message>
        <source>Enable</source>
        <translation>Aktifkan</translation>
    </message>
    <message>
        <source>Session lock</source>
        <translation>Penguncian sesi</translation>
    </message>
    <message>
        <source> min</source>
        <translation> menit</translation>
    </message>
    <message>
        <source>never</source>
        <translation>tidak pernah</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>Terapkan</translation>
    </message>
    <message>
        <source>Lock a session nobody has used for:</source>
        <translation>Kunci sesi yang tidak digunakan selama:</translation>
    </message>
    <message>
        <source>One account per person: an account is never shared. An account that is no longer needed is disabled, so that what its owner did stays on record.</source>
        <translation>Satu akun untuk satu orang: akun tidak boleh dipakai bersama. Akun yang tidak diperlukan lagi dinonaktifkan, agar apa yang dilakukan pemiliknya tetap tercatat.</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Aktif</translation>
    </message>
    <message>
        <source>Disabled</source>
        <translation>Nonaktif</translation>
    </message>
    <message>
        <source>%1 has a new password and may sign in with it now.</source>
        <translation>%1 sudah memiliki kata sandi baru dan dapat masuk dengan kata sandi itu sekarang.</translation>
    </message>
    <message>
        <source>%1 may sign in again.</source>
        <translation>%1 dapat masuk kembali.</translation>
    </message>
    <message>
        <source>%1 can no longer sign in; their work stays on record.</source>
        <translation>%1 tidak dapat masuk lagi; pekerjaannya tetap tercatat.</translation>
    </message>
    <message>
        <source>Sessions no longer lock by themselves.</source>
        <translation>Sesi tidak lagi terkunci dengan sendirinya.</translation>
    </message>
    <message numerus="yes">
        <source>A session nobody uses for %n minute(s) locks.</source>
        <translation>
            <numerusform>Sesi yang tidak digunakan selama %n menit akan terkunci.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>sipelanduk::VillageEditor</name>
    <message>
        <source>Type the name or the code of the village</source>
        <translation>Ketik nama atau kode desa/kelurahan</translation>
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
        <translation>UUID berkas pada path, %1, tidak sama dengan &quot;batch&quot; pada isi pesan.</translation>
    </message>
    <message>
        <source>The request carries no device token; enrol this PC first.</source>
        <translation>Permintaan tidak membawa token perangkat; daftarkan PC ini terlebih dahulu.</translation>
    </message>
    <message>
        <source>The request is larger than %1 MB; send fewer applications per batch.</source>
        <translation>Permintaan lebih besar dari %1 MB; kirim lebih sedikit permohonan per berkas.</translation>
    </message>
    <message>
        <source>The request must be sent as application/json.</source>
        <translation>Permintaan harus dikirim sebagai application/json.</translation>
    </message>
    <message>
        <source>A scan is named by the 64 lowercase hexadecimal characters of its SHA-256, not &quot;%1&quot;.</source>
        <translation>Pindaian dinamai dengan 64 karakter heksadesimal huruf kecil dari SHA-256-nya, bukan &quot;%1&quot;.</translation>
    </message>
    <message>
        <source>A scan may be at most %1 MB.</source>
        <translation>Pindaian paling besar %1 MB.</translation>
    </message>
    <message>
        <source>A scan must be sent as application/octet-stream.</source>
        <translation>Pindaian harus dikirim sebagai application/octet-stream.</translation>
    </message>
    <message>
        <source>The scan is empty.</source>
        <translation>Pindaian kosong.</translation>
    </message>
    <message>
        <source>The content received is not the scan %1: its SHA-256 differs, so it was changed or cut off on the way; send it again.</source>
        <translation>Isi yang diterima bukan pindaian %1: SHA-256-nya berbeda, jadi isi itu berubah atau terpotong di jalan; kirim lagi.</translation>
    </message>
    <message>
        <source>The Content-Range &quot;%1&quot; is not &quot;bytes FIRST-LAST/TOTAL&quot; of a scan of at most %2 MB.</source>
        <translation>Content-Range &quot;%1&quot; bukan &quot;bytes FIRST-LAST/TOTAL&quot; dari pindaian paling besar %2 MB.</translation>
    </message>
    <message>
        <source>The piece holds %1 bytes, but its Content-Range names %2.</source>
        <translation>Potongan berisi %1 bita, tetapi Content-Range-nya menyebut %2.</translation>
    </message>
    <message>
        <source>There is no master data called &quot;%1&quot;; the kinds are codelists, catalogue and regions.</source>
        <translation>Tidak ada data induk bernama &quot;%1&quot;; jenisnya adalah codelists, catalogue dan regions.</translation>
    </message>
    <message>
        <source>The request body is encoded as %1; send it as it is or with gzip.</source>
        <translation>Isi permintaan dikodekan sebagai %1; kirim apa adanya atau dengan gzip.</translation>
    </message>
</context>
</TS>
