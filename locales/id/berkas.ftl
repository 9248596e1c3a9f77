# Cek berkas: the resident sends photos or PDFs of the papers of their booking, for a petugas to check
# before the trip. Translators: keep every { $variable } as it is; *text* is bold on WhatsApp.
# $item is a requirement's label (adminduk.ftl, req-*); $date is a whole date ("Senin, 30 November 2026").

berkas-offer = *Cek berkas sebelum datang:* kirim foto atau PDF persyaratan di atas lewat percakapan ini, petugas akan memeriksanya agar Anda tidak bolak-balik. Pilih *Cek berkas* atau ketik *cek berkas*.
berkas-option-start = Cek berkas
berkas-option-next = Lanjut
berkas-option-skip = Lewati
berkas-option-done = Selesai
berkas-intro = *Cek berkas* untuk tiket *{ $ticket }* ({ $document }, { $date }). Kirim foto yang jelas atau PDF, satu per satu, paling besar { $mb } MB per file. Ketik *lewati* bila belum punya berkasnya, *selesai* bila sudah cukup.
berkas-nearest = Anda memiliki { $count } jadwal; yang dipakai adalah jadwal terdekat di atas.
berkas-ask = *Kirim foto ({ $number }/{ $total }):* { $item }
berkas-received = Diterima untuk *{ $item }* ({ $count } file). Kirim lagi bila ada halaman lain, atau pilih *Lanjut*, *Lewati* atau *Selesai*.
berkas-received-unasked = File Anda kami terima sebagai *{ $item }* untuk tiket *{ $ticket }* ({ $date }). Bila keliru, petugas dapat memindahkannya ke berkas yang benar. Ketik *cek berkas* untuk mengirim berkas satu per satu.
berkas-item-other = Berkas lain
berkas-not-understood = Mohon maaf, kami menunggu foto atau PDF berkas. Kirim filenya, atau ketik *lewati* untuk berkas berikutnya, *selesai* untuk berhenti.
berkas-help = Kirim foto (difoto dari dekat, terang, tidak terpotong) atau PDF dari berkas yang diminta. Satu berkas boleh beberapa foto. Ketik *lanjut* untuk berkas berikutnya, *lewati* bila belum punya, *selesai* untuk berhenti. Petugas akan memeriksa dan mengabari Anda lewat percakapan ini.
berkas-summary = Terima kasih. Berkas untuk tiket *{ $ticket }* ({ $date }) kami teruskan kepada petugas untuk diperiksa; hasilnya kami kirim lewat percakapan ini.
berkas-summary-sent =
    Sudah dikirim:
    { $items }
berkas-summary-sent-item = { $item } ({ $count } file)
berkas-summary-missing =
    Belum dikirim atau dilewati (bawa aslinya saat datang):
    { $items }
berkas-summary-nothing = Belum ada file yang dikirim untuk tiket *{ $ticket }*. Ketik *cek berkas* kapan saja bila ingin mengirimnya.
berkas-no-booking = Untuk cek berkas, Anda perlu mengambil jadwal lebih dulu. Ketik *menu*, pilih dokumennya, lalu kirim foto berkasnya setelah tiket Anda terbit.
berkas-no-booking-file = Terima kasih, tetapi file ini belum dapat kami terima karena Anda belum memiliki jadwal. Ketik *menu* untuk memilih dokumen dan mengambil jadwal; setelah tiket terbit, kirim lagi foto berkasnya. File ini tidak kami simpan.
berkas-booking-gone = Jadwal dengan tiket *{ $ticket }* sudah tidak berlaku, jadi berkasnya tidak kami minta lagi. Ketik *menu* untuk mengambil jadwal baru.
berkas-file-of = File untuk *{ $item }* (tiket { $ticket }):
berkas-refused-type = Mohon maaf, jenis file ini tidak dapat kami terima. Kirim foto (JPG, PNG atau WebP) atau PDF. File ini tidak kami simpan.
berkas-refused-size = Mohon maaf, file ini terlalu besar (paling besar { $mb } MB). Kirim foto biasa, bukan dokumen berukuran asli, atau PDF yang lebih kecil. File ini tidak kami simpan.
berkas-refused-count = Mohon maaf, tiket *{ $ticket }* sudah memiliki { $max } file, batas yang dapat kami terima. File ini tidak kami simpan; petugas akan memeriksa yang sudah ada.
berkas-fetch-failed = Mohon maaf, file ini tidak dapat kami ambil dari WhatsApp/Telegram. Silakan kirim sekali lagi.
berkas-unavailable = Mohon maaf, saat ini kami belum dapat menerima file. Silakan bawa berkas aslinya saat datang.
