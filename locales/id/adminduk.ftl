# CEK BAE WA (Cek Berkas Lewat WhatsApp), Kecamatan Leuwiliang.
# Translators: keep every { $variable } as it is; *text* is bold on WhatsApp.

## Greeting and menus

# $salam is the greeting word the resident opened with, to answer it in kind.
adminduk-greeting =
    { $salam ->
        [assalamualaikum] Waalaikumsalam. Terima kasih telah menghubungi *CEK BAE WA* (Cek Berkas Lewat WhatsApp) Kecamatan Leuwiliang. Salam sehat!
        [assalamu] Waalaikumsalam. Terima kasih telah menghubungi *CEK BAE WA* (Cek Berkas Lewat WhatsApp) Kecamatan Leuwiliang. Salam sehat!
       *[other] Terima kasih telah menghubungi *CEK BAE WA* (Cek Berkas Lewat WhatsApp) Kecamatan Leuwiliang. Salam sehat!
    }
    Di sini Anda bisa mengecek berkas yang perlu dibawa dan mengambil jadwal pelayanan.
    Tulis permohonan dengan format: *KTP <NIK> BARU/RUSAK/HILANG*
    Contoh: KTP 3201xxxxxxxxxxxx HILANG
    Ketik *bantuan* kapan saja bila perlu bantuan, *menu* untuk mulai lagi, atau *basa sunda* untuk berganti bahasa.
adminduk-upcoming-ticket = Anda masih memiliki tiket *{ $ticket }* untuk { $date }.
adminduk-menu-ask = Dokumen apa yang ingin Anda urus? Balas dengan angka pilihan:
adminduk-menu-not-understood = Mohon maaf, kami belum memahami dokumen yang dimaksud. Tulis nama dokumennya, misalnya *KTP hilang* atau *akte lahir*, atau balas dengan angka pilihan.
adminduk-confirm-one = Maksud Anda *{ $choice }*? Balas *ya* atau *tidak*.
adminduk-confirm-two = Maksud Anda *{ $first }* atau *{ $second }*? Balas dengan angka pilihan.
adminduk-confirm-declined = Baik, mohon maaf atas salah paham kami.
adminduk-option-yes = Ya
adminduk-option-no = Tidak
adminduk-option-neither = Bukan keduanya
adminduk-not-served = Mohon maaf, layanan itu belum dapat dilayani lewat CEK BAE WA. Silakan tanyakan langsung ke kantor kecamatan atau Disdukcapil.
adminduk-greeting-again =
    { $salam ->
        [assalamualaikum] Waalaikumsalam, ada yang bisa kami bantu?
        [assalamu] Waalaikumsalam, ada yang bisa kami bantu?
       *[other] Halo, ada yang bisa kami bantu?
    }
adminduk-desa-noted = Terima kasih, kami catat Anda warga Desa { $desa }.
adminduk-thanks-reply = Sama-sama, semoga urusan Anda lancar.
adminduk-reason-ask = Apa keperluan Anda untuk { $document }? Balas dengan angka pilihan:
adminduk-reason-not-understood = Mohon maaf, kami belum memahami keperluan Anda.
adminduk-reason-not-applicable = Keperluan "{ $reason }" tidak tersedia untuk { $document }.

## Requirements, data protection and NIK

adminduk-requirements =
    Persyaratan *{ $document } – { $reason }* yang perlu dibawa:
    { $items }
adminduk-free = Seluruh layanan administrasi kependudukan *GRATIS*, tidak dipungut biaya apa pun.
adminduk-privacy = *Perlindungan data:* NIK diminta hanya untuk mencatat jadwal pengambilan Anda dan disimpan paling lama { $days } hari setelah tanggal pengambilan, lalu dihapus. NIK tidak dibagikan kepada pihak lain. Dengan mengirim NIK, Anda menyetujui penggunaan ini.
adminduk-privacy-by-schedule = *Perlindungan data:* NIK yang Anda kirim hanya dipakai untuk mencatat jadwal pengambilan dan disimpan paling lama { $days } hari setelah tanggal pengambilan, lalu dihapus. Dengan memilih jadwal, Anda menyetujui penggunaan ini. Ketik *batal* bila tidak setuju.
adminduk-nik-ask = Silakan kirim *NIK* (16 angka) pemohon, sesuai KTP-el atau Kartu Keluarga.
adminduk-nik-received = NIK { $nik } diterima.
adminduk-nik-not-understood = Mohon maaf, pesan Anda belum berisi NIK. NIK terdiri dari 16 angka, tertera di KTP-el atau Kartu Keluarga.
adminduk-nik-error-length = NIK harus 16 angka, yang Anda kirim { $found } angka. Mohon periksa kembali.
adminduk-nik-error-not_digits = NIK hanya berisi angka. Mohon periksa kembali.
adminduk-nik-error-province = Kode provinsi di NIK (dua angka pertama) tidak dikenal. Mohon periksa kembali.
adminduk-nik-error-birth_day = Tanggal lahir di NIK tidak valid (angka ke-7 dan ke-8). Mohon periksa kembali.
adminduk-nik-error-birth_month = Bulan lahir di NIK tidak valid (angka ke-9 dan ke-10). Mohon periksa kembali.
adminduk-nik-error-birth_date = Tanggal lahir di NIK tidak valid. Mohon periksa kembali.
adminduk-nik-error-serial = Nomor urut di NIK (empat angka terakhir) tidak valid. Mohon periksa kembali.
adminduk-nik-is-kk-number = Nomor itu adalah nomor Kartu Keluarga (KK), bukan NIK, dan tidak kami simpan. NIK adalah 16 angka di samping nama pemohon pada KTP-el atau KK.
adminduk-nik-too-many = Sepertinya ada kesulitan dengan NIK. Anda bisa mengirim NIK lagi, atau pilih:
adminduk-option-help = Bantuan
adminduk-option-menu = Menu utama

## Schedule and ticket

adminduk-schedule-ask = Silakan pilih hari pengambilan (pelayanan pukul { $opens }–{ $closes } WIB):
adminduk-schedule-day = { $date } (sisa kuota: { $left })
adminduk-schedule-none = Mohon maaf, semua jadwal dalam { $days } hari ke depan sudah penuh. Silakan coba lagi besok, atau datang ke kantor kecamatan pada hari kerja.
adminduk-schedule-full = Mohon maaf, kuota { $date } baru saja penuh. Silakan pilih hari lain.
adminduk-schedule-not-understood = Mohon maaf, kami belum menangkap hari yang Anda maksud. Balas dengan angka pilihan di bawah ini, atau tulis harinya, misalnya *Selasa* atau *2 Desember*.
adminduk-ticket = *Jadwal Anda sudah tercatat.*
    Nomor tiket: *{ $ticket }*
    Layanan: { $document } – { $reason }
    Hari: { $date }, pukul { $opens }–{ $closes } WIB
    Tempat: Kantor Kecamatan Leuwiliang

    Jangan lupa membawa:
    { $items }

    Pemohon wajib datang sendiri dan menunjukkan nomor tiket ini kepada petugas. Layanan ini gratis.
adminduk-done-info = Tiket Anda: *{ $ticket }* untuk { $date }. Ketik *menu* untuk permohonan lain.
adminduk-cancelled = Permohonan dibatalkan dan data yang Anda kirim sudah dihapus dari percakapan ini.
adminduk-cancel-after-ticket = Percakapan dimulai lagi. Tiket *{ $ticket }* untuk { $date } tetap berlaku; untuk membatalkannya, sampaikan kepada petugas.
adminduk-error = Mohon maaf, terjadi gangguan pada sistem. Silakan coba lagi sebentar lagi.

## Help per step

adminduk-help-menu = Pilih dokumen dengan membalas angkanya (misalnya *1* untuk KTP-el), atau tulis langsung permohonan Anda, misalnya *KTP 3201xxxxxxxxxxxx HILANG*. Ketik *kembali* untuk mundur satu langkah, *batal* untuk membatalkan, *bahasa* untuk mengganti bahasa.
adminduk-help-reason = Pilih keperluan Anda: *baru* bila belum pernah punya, *rusak* bila dokumen rusak, *hilang* bila dokumen hilang, *perubahan* bila ada data yang berubah atau salah.
adminduk-help-nik = NIK (Nomor Induk Kependudukan) adalah 16 angka yang tertera di KTP-el dan di Kartu Keluarga, di samping nama. Kirim NIK orang yang akan dilayani. Boleh ditulis dengan spasi atau titik, misalnya 3201 0145 0290 0003.
adminduk-help-schedule = Balas dengan angka hari yang Anda pilih, atau tulis harinya, misalnya *Selasa*, *besok* atau *2 Desember*. Hanya hari kerja yang ditampilkan; hari libur nasional dan cuti bersama tidak tersedia.
adminduk-help-done = Jadwal Anda sudah tercatat. Datanglah pada hari yang dipilih dengan membawa persyaratan. Ketik *menu* untuk permohonan lain.

## Documents and reasons (labels in menus)

doc-ktp_el = KTP-el
doc-kk = Kartu Keluarga (KK)
doc-akta_kelahiran = Akta Kelahiran
doc-akta_kematian = Akta Kematian
doc-pindah = Surat Pindah
doc-kia = Kartu Identitas Anak (KIA)
reason-baru = Baru
reason-rusak = Rusak
reason-hilang = Hilang
reason-perubahan = Perubahan data

## Desa of Kecamatan Leuwiliang (names, the same in every language)

desa-leuwiliang = Leuwiliang
desa-purasari = Purasari
desa-karyasari = Karyasari
desa-pabangbon = Pabangbon
desa-karacak = Karacak
desa-barengkok = Barengkok
desa-leuwimekar = Leuwimekar
desa-puraseda = Puraseda
desa-cibeber_1 = Cibeber I
desa-cibeber_2 = Cibeber II
desa-karehkel = Karehkel

## Requirement items (domain.md section 1; domain-2.md sections 6 and 7)

req-ktp-eligibility = Sudah berusia 17 tahun, atau sudah/pernah kawin (bawa buku nikah/akta perkawinan bila belum 17 tahun)
req-kk-copy = Fotokopi Kartu Keluarga (KK)
req-ktp-biometric = Pemohon datang sendiri untuk perekaman foto, sidik jari, iris mata dan tanda tangan (tidak dapat diwakilkan)
req-ktp-damaged = KTP-el yang rusak (diserahkan saat KTP-el baru diterima)
req-police-letter = Surat keterangan kehilangan dari Kepolisian (gratis; perhatikan masa berlakunya)
req-kk-updated = Kartu Keluarga yang sudah diperbarui (perubahan dicatat di KK lebih dahulu)
req-ktp-old = KTP-el lama
req-change-proof = Bukti perubahan: buku nikah/akta cerai/akta kematian pasangan, ijazah, SK kerja, akta kelahiran, atau putusan pengadilan (sesuai data yang berubah)
req-kk-new-family = Membentuk keluarga baru: buku nikah/kutipan akta perkawinan; setelah bercerai: akta perceraian
req-kk-split = Pisah KK di alamat yang sama (pemohon berusia 17 tahun atau sudah/pernah kawin): fotokopi KK lama dan formulir F-1.02, tanpa buku nikah
req-sptjm-missing = Bila buku nikah atau akta perceraian tidak ada: SPTJM perkawinan/perceraian belum tercatat (formulir F-1.05, Permendagri 109/2019); bila dokumen kependudukan lain tidak ada: surat pernyataan tidak memiliki dokumen kependudukan (formulir F-1.04)
req-skpwni-if-moving = SKPWNI (surat pindah), bila datang dari daerah lain
req-death-cert-head = Fotokopi akta kematian dan KK lama, bila kepala keluarga meninggal dunia
req-kk-damaged = Kartu Keluarga yang rusak
req-ktp-el = KTP-el
req-kk-old = Kartu Keluarga lama
req-event-proof = Bukti peristiwa: akta kelahiran, buku nikah, akta kematian, SKPWNI, atau surat keterangan lain sesuai perubahan
req-birth-letter = Surat keterangan kelahiran dari rumah sakit/dokter/bidan, atau dari desa untuk kelahiran di rumah (bila tidak ada: SPTJM kebenaran data kelahiran, formulir F-2.03, dengan 2 saksi)
req-parents-marriage = Buku nikah/kutipan akta perkawinan orang tua (bila tidak ada: SPTJM kebenaran sebagai pasangan suami istri, formulir F-2.04)
req-kk = Kartu Keluarga (KK)
req-parents-ktp = KTP-el kedua orang tua
req-death-letter = Surat keterangan kematian dari dokter/rumah sakit/puskesmas, atau dari kepala desa (bila tidak ada: SPTJM kebenaran data kematian)
req-deceased-kk-ktp = KK dan KTP-el almarhum/almarhumah
req-reporter-witness = KTP-el pelapor dan 2 orang saksi
req-form-f103 = Formulir F-1.03 (tersedia di kantor kecamatan)
req-owner-statement = Surat pernyataan tidak keberatan dari pemilik rumah, bila menumpang KK, menyewa, mengontrak atau kos
req-skpwni-incoming = Untuk pindah datang: SKPWNI dari daerah asal dan KTP-el/KIA lama
req-child-birth-cert = Fotokopi kutipan akta kelahiran anak (tunjukkan aslinya)
req-kk-parents-original = KK asli orang tua/wali
req-parents-ktp-original = KTP-el asli kedua orang tua/wali
req-child-photo = Pas foto berwarna 2×3 sebanyak 2 lembar, untuk anak berusia 5 tahun ke atas
req-kia-damaged = KIA yang rusak
req-akta-police-letter = Surat keterangan kehilangan dari Kepolisian (sebagian kantor menerima surat pernyataan kehilangan yang ditandatangani)
req-akta-old-copy = Fotokopi akta yang hilang, bila masih ada
req-akta-damaged = Akta asli yang rusak
req-applicant-ktp = KTP-el pemohon
note-akta-second-copy = Akta pengganti diterbitkan sebagai kutipan kedua
note-akta-lookup = Bila tidak ada fotokopi, data akta dicari melalui NIK
note-akta-proxy = Bila diwakilkan: surat kuasa (formulir F-1.07) dan KTP-el penerima kuasa
note-ktp-in-person = Pengurusan KTP-el dilakukan oleh pemilik sendiri
note-birth-kia = KIA untuk bayi diterbitkan bersama akta kelahiran
note-birth-deadline = Kelahiran sebaiknya dilaporkan paling lambat 60 hari setelah lahir
note-death-deadline = Kematian dilaporkan paling lambat 30 hari setelah meninggal
note-kia-parent = Permohonan KIA diajukan oleh orang tua/wali

## Dates

date-long = { $weekday }, { $day } { $month } { $year }
weekday-1 = Senin
weekday-2 = Selasa
weekday-3 = Rabu
weekday-4 = Kamis
weekday-5 = Jumat
weekday-6 = Sabtu
weekday-7 = Minggu
month-1 = Januari
month-2 = Februari
month-3 = Maret
month-4 = April
month-5 = Mei
month-6 = Juni
month-7 = Juli
month-8 = Agustus
month-9 = September
month-10 = Oktober
month-11 = November
month-12 = Desember

## Handover to a petugas

adminduk-option-human = Hubungi petugas
adminduk-stuck = Sepertinya kami belum menangkap maksud Anda. Mau dibantu petugas? Atau pilih:
adminduk-handover-open = Permintaan Anda sudah kami teruskan ke petugas. Petugas akan membalas di percakapan ini (jam pelayanan { $opens }–{ $closes } WIB). Ketik *menu* bila ingin kembali ke layanan otomatis.
adminduk-handover-closed = Permintaan Anda sudah kami teruskan ke petugas. Saat ini di luar jam pelayanan; petugas akan membalas pada { $date } mulai pukul { $opens } WIB. Ketik *menu* bila ingin kembali ke layanan otomatis.
adminduk-appointment-cancelled = Jadwal dengan tiket *{ $ticket }* untuk { $date } dibatalkan oleh petugas. Ketik *menu* untuk mengambil jadwal baru.

## Satisfaction survey (SKM, PermenPANRB 14/2017)

adminduk-survey-invite = Bantu kami meningkatkan pelayanan: bersediakah Anda mengisi *Survei Kepuasan Masyarakat* (9 pertanyaan singkat, tanpa NIK)?
adminduk-option-survey-yes = Ya, isi survei
adminduk-option-survey-no = Tidak, terima kasih
adminduk-option-skip = Lewati
adminduk-survey-declined = Baik, terima kasih. Semoga urusan Anda lancar.
adminduk-survey-question = *Survei { $number }/9* – { $question }
adminduk-survey-not-understood = Mohon balas dengan angka 1–4, atau ketik *lewati* untuk melewati pertanyaan ini.
adminduk-survey-thanks = Terima kasih atas penilaian Anda. Masukan Anda membantu kami memperbaiki pelayanan Kecamatan Leuwiliang.
skm-u1-question = Bagaimana kesesuaian persyaratan pelayanan dengan jenis pelayanannya?
skm-u1-answer-1 = Tidak sesuai
skm-u1-answer-2 = Kurang sesuai
skm-u1-answer-3 = Sesuai
skm-u1-answer-4 = Sangat sesuai
skm-u2-question = Bagaimana kemudahan prosedur pelayanan di unit ini?
skm-u2-answer-1 = Tidak mudah
skm-u2-answer-2 = Kurang mudah
skm-u2-answer-3 = Mudah
skm-u2-answer-4 = Sangat mudah
skm-u3-question = Bagaimana kecepatan waktu dalam memberikan pelayanan?
skm-u3-answer-1 = Tidak cepat
skm-u3-answer-2 = Kurang cepat
skm-u3-answer-3 = Cepat
skm-u3-answer-4 = Sangat cepat
skm-u4-question = Bagaimana kewajaran biaya/tarif dalam pelayanan?
skm-u4-answer-1 = Sangat mahal
skm-u4-answer-2 = Cukup mahal
skm-u4-answer-3 = Murah
skm-u4-answer-4 = Gratis
skm-u5-question = Bagaimana kesesuaian produk pelayanan antara yang tercantum dalam standar pelayanan dengan hasil yang diberikan?
skm-u5-answer-1 = Tidak sesuai
skm-u5-answer-2 = Kurang sesuai
skm-u5-answer-3 = Sesuai
skm-u5-answer-4 = Sangat sesuai
skm-u6-question = Bagaimana kompetensi/kemampuan petugas dalam pelayanan?
skm-u6-answer-1 = Tidak kompeten
skm-u6-answer-2 = Kurang kompeten
skm-u6-answer-3 = Kompeten
skm-u6-answer-4 = Sangat kompeten
skm-u7-question = Bagaimana perilaku petugas dalam pelayanan terkait kesopanan dan keramahan?
skm-u7-answer-1 = Tidak sopan dan ramah
skm-u7-answer-2 = Kurang sopan dan ramah
skm-u7-answer-3 = Sopan dan ramah
skm-u7-answer-4 = Sangat sopan dan ramah
skm-u8-question = Bagaimana kualitas sarana dan prasarana pelayanan?
skm-u8-answer-1 = Buruk
skm-u8-answer-2 = Cukup
skm-u8-answer-3 = Baik
skm-u8-answer-4 = Sangat baik
skm-u9-question = Bagaimana penanganan pengaduan, saran, dan masukan pengguna layanan?
skm-u9-answer-1 = Tidak ada
skm-u9-answer-2 = Ada, tidak berfungsi
skm-u9-answer-3 = Berfungsi kurang baik
skm-u9-answer-4 = Dikelola dengan baik

## Issue 12 (parts 2 and 5): days named in words, why a day cannot be picked,
## the end of the known calendar, local closures and moved appointments

adminduk-schedule-past = Mohon maaf, { $date } sudah lewat.
adminduk-schedule-after-closing = Mohon maaf, pelayanan hari ini sudah selesai (loket tutup pukul { $closes } WIB).
adminduk-schedule-weekend = Mohon maaf, { $date } jatuh pada akhir pekan; kantor kecamatan melayani Senin sampai Jumat.
adminduk-schedule-holiday = Mohon maaf, { $date } adalah hari libur nasional ({ $name }); kantor kecamatan tutup.
adminduk-schedule-cuti-bersama = Mohon maaf, { $date } adalah cuti bersama ({ $name }); kantor kecamatan tutup.
adminduk-schedule-estimate = Tanggal hari raya ini masih perkiraan pemerintah dan dapat bergeser.
adminduk-schedule-closure = Mohon maaf, kantor kecamatan tutup pada { $date }.
adminduk-schedule-closure-reason = Mohon maaf, kantor kecamatan tutup pada { $date }: { $reason }.
adminduk-schedule-day-full = Mohon maaf, kuota { $date } sudah penuh.
adminduk-schedule-beyond-horizon = Mohon maaf, { $date } terlalu jauh; jadwal dapat dipilih paling lambat { $last }.
adminduk-schedule-beyond-calendar = Mohon maaf, { $date } belum dapat dipilih karena hari libur setelah { $until } belum ditetapkan pemerintah.
adminduk-schedule-no-such-date = Mohon maaf, tanggal itu tidak ada di kalender.
adminduk-schedule-nearest = Ada lebih dari satu hari { $weekday } dalam daftar; kami pilihkan yang terdekat, { $date }.
adminduk-schedule-calendar-end = Hari setelah { $until } belum dapat dipilih karena hari libur tahun berikutnya belum ditetapkan pemerintah.
adminduk-schedule-none-calendar = Mohon maaf, belum ada hari yang dapat dipilih: hari libur setelah { $until } belum ditetapkan pemerintah. Silakan coba lagi nanti, atau datang ke kantor kecamatan pada hari kerja.
adminduk-handover-closed-later = Permintaan Anda sudah kami teruskan ke petugas. Saat ini di luar jam pelayanan; petugas akan membalas pada hari kerja berikutnya mulai pukul { $opens } WIB. Ketik *menu* bila ingin kembali ke layanan otomatis.
adminduk-reschedule-ask = Jadwal Anda dengan tiket *{ $ticket }* untuk { $date } perlu dipindah. Silakan pilih hari lain (pelayanan pukul { $opens }–{ $closes } WIB):
adminduk-reschedule-moved = *Jadwal Anda sudah dipindah ke { $date }.* Tiket *{ $old }* tidak berlaku lagi; gunakan tiket baru di bawah ini.
adminduk-reschedule-kept = Kantor kecamatan tetap buka pada { $date }; jadwal Anda dengan tiket *{ $ticket }* tetap berlaku.
adminduk-reschedule-left = Baik, jadwal dengan tiket *{ $ticket }* belum dipindah; kantor kecamatan tutup pada { $date }. Saat Anda menghubungi kami lagi, kami tawarkan hari lain.
adminduk-reschedule-gone = Jadwal dengan tiket *{ $ticket }* sudah tidak aktif, jadi tidak perlu dipindah.
adminduk-help-reschedule = Kantor kecamatan tutup pada hari jadwal Anda. Balas dengan angka hari pengganti, atau tulis harinya, misalnya *Kamis* atau *3 Desember*. Ketik *batal* bila belum ingin memindahnya.

## Questions asked anywhere in the conversation (dialogues/adminduk/questions.toml)
## Every answer may use the office's details { $office } { $address } { $postal_code } { $email },
## the hours { $opens } { $closes }, { $status } (open/closed) with { $next } (the next opening day),
## { $document } when a document is known, and the topic's own args from questions.toml.

answer-hours = *Jam pelayanan Kantor { $office }:* Senin–Jumat pukul { $opens }–{ $closes } WIB.
    Hari Sabtu, Minggu, libur nasional dan cuti bersama kantor tutup.
    { $status ->
        [open] Saat ini kantor sedang buka, sampai pukul { $closes } WIB.
        [unknown] Saat ini kantor tutup; hari buka berikutnya belum dapat dipastikan karena hari libur berikutnya belum ditetapkan pemerintah.
       *[closed] Saat ini kantor tutup; buka lagi { $next } pukul { $opens } WIB.
    }
answer-address = *Kantor { $office }*
    { $address } { $postal_code }
    Buka Senin–Jumat pukul { $opens }–{ $closes } WIB. E-mail: { $email }
answer-cost =
    Semua layanan administrasi kependudukan *GRATIS*, tidak dipungut biaya apa pun (UU 24/2013 Pasal 79A): KTP-el, KK, akta kelahiran, akta kematian, surat pindah dan KIA, baik baru, rusak, hilang maupun perubahan data.
    Tidak ada petugas desa, kecamatan atau Disdukcapil yang boleh meminta uang, juga "uang administrasi" atau lewat calo; pungutan seperti itu dapat dipidana (Pasal 95B).
    Bila ada yang meminta uang, jangan dibayar, dan laporkan lewat *SP4N-LAPOR!*: { $lapor_web } atau SMS ke { $lapor_sms } (ketik LAPOR spasi isi laporan). Anda juga dapat menyampaikannya kepada Camat atau Disdukcapil Kabupaten Bogor.
    Denda keterlambatan melapor (misalnya akta kelahiran) bukan pungutan; ketik *denda* untuk penjelasannya.
answer-proxy = *Yang wajib datang sendiri:* perekaman KTP-el (foto, sidik jari, iris mata dan tanda tangan); tidak dapat diwakilkan.
    Layanan lain (KK, akta kelahiran, akta kematian, surat pindah, KIA) boleh diurus anggota keluarga yang tercantum dalam satu KK. Orang lain di luar KK membawa *surat kuasa* (formulir F-1.07) yang ditandatangani pemberi dan penerima kuasa, serta KTP-el penerima kuasa.
    Sebutkan dokumennya (misalnya *KK bisa diwakilkan?*) untuk penjelasan yang lebih rinci.
answer-proxy-ktp_el = *KTP-el:* perekaman (foto, sidik jari, iris mata, tanda tangan) wajib dilakukan pemilik sendiri dan tidak dapat diwakilkan.
    Cetak ulang karena rusak, hilang atau perubahan data tidak perlu rekam ulang. Apakah KTP-el yang sudah jadi boleh diambilkan anggota keluarga (dengan membawa KK), tanyakan kepada petugas, karena pemilik bisa diminta mencocokkan sidik jari.
answer-proxy-kk = *Kartu Keluarga:* boleh diurus kepala keluarga atau anggota keluarga yang tercantum di KK, dengan membawa KTP-el-nya. Orang lain di luar KK membawa surat kuasa (formulir F-1.07) yang ditandatangani kedua pihak dan KTP-el penerima kuasa.
answer-proxy-akta_kelahiran = *Akta kelahiran:* dilaporkan oleh orang tua atau keluarga (pelapor) dengan KTP-el pelapor; bayi tidak perlu dibawa. Bila diwakilkan kepada orang lain, bawa surat kuasa (formulir F-1.07) dan KTP-el penerima kuasa.
answer-proxy-akta_kematian = *Akta kematian:* dilaporkan oleh keluarga almarhum/almarhumah (pelapor) dengan KTP-el pelapor dan 2 orang saksi. Bila diwakilkan kepada orang lain, bawa surat kuasa (formulir F-1.07) dan KTP-el penerima kuasa.
answer-proxy-pindah = *Surat pindah:* diurus kepala keluarga untuk anggota keluarga yang pindah; anak di bawah umur yang pindah sendiri memerlukan surat persetujuan orang tua. Bila diwakilkan kepada orang lain, bawa surat kuasa (formulir F-1.07) dan KTP-el penerima kuasa.
answer-proxy-kia = *KIA:* diajukan oleh orang tua atau wali dengan KK dan KTP-el orang tua/wali; anak tidak perlu ikut datang.
answer-duration = *Perkiraan waktu (bukan janji):*
    • KK, akta kelahiran, akta kematian dan surat pindah: bila berkas lengkap dan data sudah diverifikasi, biasanya selesai pada hari itu juga; bila data perlu diperiksa, bisa lebih lama.
    • KTP-el: pada hari datang berkas diperiksa dan, bila perlu, dilakukan perekaman; pencetakan sekitar { $ktp_days } hari kerja, tergantung ketersediaan blangko.
    • KIA: tergantung ketersediaan blangko.
    Petugas akan memberi tahu kapan dokumen dapat diambil.
answer-duration-ktp_el = *KTP-el (perkiraan, bukan janji):* pada hari datang berkas diperiksa dan, bila perlu, dilakukan perekaman. Pencetakan biasanya sekitar { $ktp_days } hari kerja, tergantung ketersediaan blangko; petugas akan memberi tahu kapan KTP-el dapat diambil.
answer-duration-kk = *Kartu Keluarga (perkiraan, bukan janji):* bila berkas lengkap dan data sudah diverifikasi, biasanya selesai pada hari itu juga; bila data perlu diperiksa, bisa lebih lama. KK dicetak di kertas HVS dengan tanda tangan elektronik dan kode QR; Anda juga dapat menerima tautan dan PIN untuk mencetaknya sendiri, tanpa legalisir.
answer-duration-akta = *{ $document } (perkiraan, bukan janji):* bila berkas lengkap dan data sudah diverifikasi, biasanya selesai pada hari itu juga; bila data perlu diperiksa, bisa lebih lama. Akta dicetak di kertas HVS dengan tanda tangan elektronik dan kode QR; Anda juga dapat menerima tautan dan PIN untuk mencetaknya sendiri, tanpa legalisir.
answer-duration-pindah = *Surat pindah (perkiraan, bukan janji):* bila berkas lengkap, biasanya selesai pada hari itu juga; bila data perlu diperiksa, bisa lebih lama. Petugas akan memberi tahu kapan surat dapat diambil.
answer-duration-kia = *KIA (perkiraan, bukan janji):* tergantung ketersediaan blangko. Untuk bayi, KIA diterbitkan bersama akta kelahiran. Petugas akan memberi tahu kapan KIA dapat diambil.
answer-late-fee = *Denda keterlambatan di Kabupaten Bogor:* akta kelahiran yang dilaporkan lebih dari { $days } hari setelah kelahiran dikenai denda { $fee } ({ $rule }), menyesuaikan ketentuan Disdukcapil.
    Untuk dokumen lain kami belum memiliki ketentuan denda; silakan tanyakan kepada petugas. Di luar denda resmi, semua layanan gratis.
answer-late-fee-akta_kelahiran = *Akta kelahiran:* kelahiran sebaiknya dilaporkan paling lambat { $days } hari. Bila lebih dari { $days } hari, di Kabupaten Bogor dikenai denda { $fee } ({ $rule }), menyesuaikan ketentuan Disdukcapil. Meski terlambat, akta tetap dapat diurus dengan persyaratan yang sama.
answer-late-fee-other =
    Untuk *{ $document }* kami belum memiliki ketentuan denda keterlambatan dari Kabupaten Bogor; silakan tanyakan kepada petugas. Yang kami ketahui hanya denda akta kelahiran yang dilaporkan lebih dari { $days } hari ({ $fee }).
answer-bot =
    Ini layanan *otomatis* (bot) CEK BAE WA { $office }: pesan Anda dijawab oleh sistem, bukan oleh orang.
    Untuk berbicara dengan petugas, ketik *petugas*; petugas membalas pada jam pelayanan, Senin–Jumat pukul { $opens }–{ $closes } WIB. Anda juga dapat datang ke kantor ({ $address }) atau mengirim e-mail ke { $email }.
adminduk-office-phone = Telepon kantor: { $phone }
adminduk-location =
    Lokasi kantor di peta: { $latitude }, { $longitude }
    { $maps }
adminduk-location-name = Kantor { $office }
adminduk-location-address = { $address } { $postal_code }

## Reminders and notices the office sends on its own

adminduk-reminder = *Pengingat jadwal besok.*
    Nomor tiket: *{ $ticket }*
    Layanan: { $document }
    Hari: { $date }, pukul { $opens }–{ $closes } WIB
    Tempat: Kantor Kecamatan Leuwiliang

    Jangan lupa membawa:
    { $items }

    Apakah Anda akan datang?
adminduk-reminder-how-to-stop = Tidak ingin menerima pengingat? Ketik *berhenti pengingat*. Untuk menyalakannya lagi, ketik *nyalakan pengingat*.
adminduk-option-reminder-come = Saya datang
adminduk-option-reminder-change = Ganti hari
adminduk-option-reminder-cancel = Batalkan
adminduk-reminder-come-thanks = Terima kasih. Sampai jumpa { $date } pukul { $opens }–{ $closes } WIB di Kantor Kecamatan Leuwiliang; tunjukkan tiket *{ $ticket }* kepada petugas.
adminduk-reminder-change-ask = Silakan pilih hari lain untuk tiket *{ $ticket }* (sekarang { $date }; pelayanan pukul { $opens }–{ $closes } WIB):
adminduk-reminder-change-left = Baik, jadwal dengan tiket *{ $ticket }* tetap { $date }.
adminduk-reminder-cancelled = Jadwal dengan tiket *{ $ticket }* untuk { $date } sudah dibatalkan dan tempatnya kami berikan kepada warga lain. Ketik *menu* bila ingin mengambil jadwal baru.
adminduk-reminder-gone = Jadwal dengan tiket *{ $ticket }* sudah tidak aktif.
adminduk-help-reminder = Kami mengingatkan jadwal Anda besok. Balas *1* bila Anda datang, *2* untuk memilih hari lain, atau *3* untuk membatalkan.
adminduk-reminders-off = Baik, Anda tidak akan menerima pengingat jadwal lagi. Ketik *nyalakan pengingat* bila ingin menerimanya kembali.
adminduk-reminders-on = Baik, pengingat jadwal menyala lagi: kami mengingatkan Anda sehari sebelum jadwal.
adminduk-ready = *Dokumen Anda sudah jadi dan dapat diambil.*
    Nomor tiket: *{ $ticket }*
    Layanan: { $document }
    Silakan ambil di Kantor Kecamatan Leuwiliang pada hari kerja pukul { $opens }–{ $closes } WIB dengan menunjukkan tiket ini.

## Message templates to register in WhatsApp Manager (`cekbae templates` numbers the arguments as placeholders)

adminduk-value = { $value }
adminduk-inline-list = { $items }
adminduk-template-reminder = Pengingat jadwal besok di Kantor Kecamatan Leuwiliang. Tiket: { $ticket }. Hari: { $date }, pukul { $hours } WIB. Jangan lupa membawa: { $items }. Apakah Anda akan datang?
adminduk-template-ready = Dokumen Anda dengan tiket { $ticket } sudah jadi. Silakan ambil di Kantor Kecamatan Leuwiliang pada hari kerja pukul { $hours } WIB.
adminduk-template-cancelled = Jadwal dengan tiket { $ticket } untuk { $date } dibatalkan oleh petugas. Balas pesan ini untuk mengambil jadwal baru.
adminduk-template-handover-reply = Petugas Kecamatan Leuwiliang membalas pesan Anda: { $text }
adminduk-template-example-text = Berkas Anda sudah kami terima; silakan datang sesuai jadwal.
