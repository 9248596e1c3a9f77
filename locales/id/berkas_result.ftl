# Hasil pemeriksaan berkas oleh petugas ("cek berkas"), dikirim kepada warga.

berkas-verdict-ok = ok
berkas-verdict-unclear = tidak jelas
berkas-verdict-wrong = salah dokumen
berkas-verdict-missing = belum ada

berkas-result-complete = *Berkas lengkap, silakan datang pada { $date }.*
    Nomor tiket: *{ $ticket }*
    Layanan: { $document }
    Petugas sudah memeriksa foto berkas Anda. Datanglah ke Kantor Kecamatan Leuwiliang pukul { $opens }–{ $closes } WIB dan bawa berkas aslinya.
berkas-result-incomplete = *Perlu dilengkapi:*
    { $items }
    Nomor tiket: *{ $ticket }* ({ $document }, { $date })
    Kirim lagi fotonya dengan menulis *cek berkas*, atau bawa berkas yang benar saat datang.
berkas-result-item = { $item }: { $verdict }
berkas-result-item-note = { $item }: { $verdict } ({ $note })
berkas-value = { $value }

## Template WhatsApp untuk hasil di luar jendela 24 jam (`cekbae templates`)
berkas-template-result = Hasil pemeriksaan berkas untuk tiket { $ticket } di Kantor Kecamatan Leuwiliang: { $result }
berkas-result-short-complete = berkas lengkap, silakan datang pada { $date }.
berkas-result-short-incomplete = perlu dilengkapi: { $items }
